/** Configuration, wiring, lifecycle and the command line of BetterBot. */
module betterbot.app {
    requires betterbot.http;
    requires org.slf4j;
}

/** Domain model of a BetterBot signal and its JSON contract. */
module betterbot.signals {
    requires transitive com.fasterxml.jackson.databind;
    requires java.net.http;
    requires org.slf4j;

    exports betterbot.signals;

    opens betterbot.signals to com.fasterxml.jackson.databind;
}

/** JSON endpoints and the live stream on the JDK's built-in HTTP server. */
module betterbot.http {
    requires transitive betterbot.storage;
    requires jdk.httpserver;
    requires org.slf4j;

    exports betterbot.http;
}

/** The durable signal store: one SQLite connection owned by one platform thread, all access serialized. */
module betterbot.storage {
    requires transitive betterbot.signals;
    requires transitive java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;

    exports betterbot.storage;
}

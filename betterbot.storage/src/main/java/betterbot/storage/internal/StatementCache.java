package betterbot.storage.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Prepared statements by SQL text, prepared once and reused; touched only by whoever holds the connection (see DatabaseThread). */
final class StatementCache {
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    PreparedStatement get(Connection c, String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    void closeAll() throws SQLException {
        for (PreparedStatement ps : statements.values()) {
            ps.close();
        }
        statements.clear();
    }
}

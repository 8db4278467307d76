// Test helper for tests/engines.rs: runs each argument after the URL as one SQL statement on H2
// (JDBC, user sa) and prints every result set in a form the test reads without ambiguity:
// fields end with \u001f, rows with \u001e, result sets with \u001d; SQL NULL is \N; binary and
// BLOB values are lower-case hex. Exit 1 with the error on stderr when a statement fails.
import java.sql.*;

public class H2Query {
    public static void main(String[] args) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(args[0], "sa", "")) {
            for (int i = 1; i < args.length; i++) {
                try (Statement s = c.createStatement()) {
                    if (s.execute(args[i])) {
                        try (ResultSet r = s.getResultSet()) {
                            int n = r.getMetaData().getColumnCount();
                            while (r.next()) {
                                for (int k = 1; k <= n; k++) {
                                    Object o = r.getObject(k);
                                    if (o == null) {
                                        out.append("\\N");
                                    } else if (o instanceof byte[] || o instanceof Blob) {
                                        byte[] b = o instanceof Blob ? ((Blob) o).getBytes(1, (int) ((Blob) o).length()) : (byte[]) o;
                                        for (byte x : b) out.append(String.format("%02x", x & 0xff));
                                    } else {
                                        out.append(r.getString(k));
                                    }
                                    out.append('\u001f');
                                }
                                out.append('\u001e');
                            }
                        }
                    }
                    out.append('\u001d');
                } catch (SQLException e) {
                    System.err.println("statement " + i + " failed: " + e.getMessage());
                    System.exit(1);
                }
            }
        }
        System.out.write(out.toString().getBytes("UTF-8"));
        System.out.flush();
    }
}

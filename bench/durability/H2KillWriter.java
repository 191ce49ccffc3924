import java.sql.*;
import java.util.*;
import java.util.concurrent.*;

/** Writes rows from several threads; a "acked" id is printed only after its commit and a sync round covering it. */
public class H2KillWriter {
    public static void main(String[] a) throws Exception {
        String url = "jdbc:h2:" + a[0] + "/x;WRITE_DELAY=0;LOCK_TIMEOUT=5000";
        String mode = a[1];
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS T(ID VARCHAR(40) PRIMARY KEY, B BLOB)");
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS U(ID VARCHAR(40) PRIMARY KEY)");
        }
        byte[] blob = new byte[5120];
        ExecutorService ex = Executors.newFixedThreadPool(11);
        // churn: updates of a few rows (leases, counters) all the time, and an open transaction that stays open
        ex.submit(() -> {
            try (Connection c = DriverManager.getConnection(url)) {
                c.createStatement().execute("CREATE TABLE IF NOT EXISTS C(ID INT PRIMARY KEY, V BIGINT, B VARBINARY(2000))");
                c.createStatement().execute("MERGE INTO C KEY(ID) SELECT X, 0, CAST(REPEAT('ab', 500) AS VARBINARY) FROM SYSTEM_RANGE(1, 200)");
                for (long i = 0; ; i++) { c.createStatement().execute("UPDATE C SET V = V + 1 WHERE ID = " + (i % 200 + 1)); }
            } catch (Exception e) { e.printStackTrace(); }
            return null;
        });
        ex.submit(() -> {
            try (Connection c = DriverManager.getConnection(url)) {
                c.setAutoCommit(false);
                c.createStatement().executeQuery("SELECT COUNT(*) FROM T").next();
                Thread.sleep(1000000);
            } catch (Exception e) { e.printStackTrace(); }
            return null;
        });
        for (int t = 0; t < 8; t++) {
            int tt = t;
            ex.submit(() -> {
                try (Connection c = DriverManager.getConnection(url)) {
                    c.setAutoCommit(false);
                    for (long i = 0; ; i++) {
                        String id = a[2] + "-" + tt + "-" + i;
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO T VALUES (?, ?)")) {
                            ps.setString(1, id); ps.setBytes(2, blob); ps.executeUpdate();
                        }
                        c.commit();
                        try (Statement s = c.createStatement()) {
                            if (mode.equals("both")) s.execute("CHECKPOINT");
                            s.execute("CHECKPOINT SYNC");
                        }
                        synchronized (System.out) { System.out.println("T " + id); System.out.flush(); }
                    }
                } catch (Exception e) { e.printStackTrace(); }
                return null;
            });
        }
        // a thread that commits without syncing (like a REST user creation), then prints "U id" after commit
        ex.submit(() -> {
            try (Connection c = DriverManager.getConnection(url)) {
                for (long i = 0; ; i++) {
                    String id = a[2] + "-u" + i;
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO U VALUES (?)")) { ps.setString(1, id); ps.executeUpdate(); }
                    synchronized (System.out) { System.out.println("U " + id); System.out.flush(); }
                    Thread.sleep(3);
                }
            } catch (Exception e) { e.printStackTrace(); }
            return null;
        });
        Thread.sleep(100000);
    }
}

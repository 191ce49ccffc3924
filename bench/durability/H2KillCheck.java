import java.sql.*;
import java.nio.file.*;
import java.util.*;
public class H2KillCheck {
    public static void main(String[] a) throws Exception {
        String url = "jdbc:h2:" + a[0] + "/x;WRITE_DELAY=0";
        Set<String> t = new HashSet<>(), u = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT ID FROM T")) { while (r.next()) t.add(r.getString(1)); }
            try (ResultSet r = s.executeQuery("SELECT ID FROM U")) { while (r.next()) u.add(r.getString(1)); }
        }
        int lostT = 0, lostU = 0, ackT = 0, ackU = 0;
        for (String line : Files.readAllLines(Path.of(a[1]))) {
            if (line.startsWith("T ")) { ackT++; if (!t.contains(line.substring(2))) lostT++; }
            if (line.startsWith("U ")) { ackU++; if (!u.contains(line.substring(2))) lostU++; }
        }
        System.out.printf("acked T %d lost %d | committed U %d lost %d%n", ackT, lostT, ackU, lostU);
    }
}

package org.postroom.store.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/** The sync before the 250 (ADR 0026): {@code CHECKPOINT} then {@code CHECKPOINT SYNC} on H2, accepted by the database, once per call. */
class DiskSyncTest {

    /** The statements the database accepted. */
    private final List<String> executed = new ArrayList<>();

    @Test
    void onH2EveryCallSyncsTheDatabaseFile() {
        DiskSync sync = new DiskSync();
        sync.dataSource = recording(H2Test.freshUrl("disksync"));
        sync.afterCommit();
        sync.afterCommit();
        assertEquals(List.of("CHECKPOINT", "CHECKPOINT SYNC", "CHECKPOINT", "CHECKPOINT SYNC"), executed);
    }

    /** A data source over DriverManager whose statements record what they execute. */
    private DataSource recording(String url) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> recording(DriverManager.getConnection(url, "postroom", ""));
                    case "getLogWriter" -> (PrintWriter) null;
                    case "getParentLogger" -> Logger.getGlobal();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Connection recording(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return method.getName().equals("createStatement") ? recording((Statement) result) : result;
                });
    }

    private Statement recording(Statement real) {
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Statement.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (method.getName().startsWith("execute")) {
                        executed.add((String) args[0]); // only once the database has accepted it
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package ledger.testing;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * A DataSource that holds every connection it hands out to the rules of a pool: one borrower,
 * one close. It records a violation when a connection is closed a second time, used after it was
 * closed, or called from a thread other than the one that borrowed it; the connection is still
 * passed on, so that the service under test behaves as it would without the guard.
 */
public final class GuardedDataSource implements DataSource {

    /** Asking whether a connection is closed is what a careful caller does after closing it. */
    private static final Set<String> ALLOWED_AFTER_CLOSE = Set.of("isClosed", "toString", "hashCode", "equals");

    private final DataSource pool;
    private final List<String> violations = new CopyOnWriteArrayList<>();

    public GuardedDataSource(DataSource pool) {
        this.pool = pool;
    }

    /** What went wrong so far, one line each, with the thread and the call. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return guard(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return guard(pool.getConnection(username, password));
    }

    private Connection guard(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                                                   new Borrowed(connection, Thread.currentThread()));
    }

    private final class Borrowed implements InvocationHandler {
        private final Connection connection;
        private final Thread borrower;
        private volatile boolean closed;

        Borrowed(Connection connection, Thread borrower) {
            this.connection = connection;
            this.borrower = borrower;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String call = method.getName();
            Thread caller = Thread.currentThread();
            if (caller != borrower && !ALLOWED_AFTER_CLOSE.contains(call)) {
                violations.add(call + "() from thread " + caller.getName() + " on a connection borrowed by "
                               + borrower.getName());
            }
            if (call.equals("close")) {
                if (closed) {
                    violations.add("close() a second time, on " + caller.getName());
                }
                closed = true;
            } else if (closed && !ALLOWED_AFTER_CLOSE.contains(call)) {
                violations.add(call + "() after close, on " + caller.getName());
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}

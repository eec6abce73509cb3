package io.racex.store.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The part every racex data source shares: the credentials are racex's (the database's it runs
 * on), so {@link #getConnection(String, String)} ignores the ones given, and the rest of
 * {@link DataSource} is bookkeeping a connection pool would read. Subclasses say which handle
 * {@link #getConnection()} gives.
 */
public abstract class HandleDataSource implements DataSource {
    private PrintWriter log;
    private int loginTimeout;

    /** The user and password are ignored: racex logs in as the database it runs on says. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return log;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.log = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}

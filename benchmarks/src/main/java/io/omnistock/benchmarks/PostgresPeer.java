package io.omnistock.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL on loopback, the way Magento MSI, Saleor and Medusa keep stock: a row per position,
 * and a transaction per order that locks the order's rows ({@code SELECT ... FOR UPDATE}, in key
 * order so concurrent orders cannot deadlock), checks them in the application, updates them and
 * inserts the hold rows, then commits (or rolls back when a line is short). One order per round of
 * statements: a client waits for each transaction, as a checkout request does. Durability per
 * session: {@code synchronous_commit = off} (equal) or {@code on} (strongest; {@code fsync} is on).
 */
final class PostgresPeer implements PeerSystem
{
    private static final int LOAD_CHUNK = 1_000;

    private final String url;
    private final String synchronousCommit;

    PostgresPeer(final String url, final String durability)
    {
        this.url = url;
        this.synchronousCommit = switch (durability)
        {
            case "equal" -> "off";
            case "strongest" -> "on";
            default -> throw new IllegalArgumentException("PostgreSQL durability must be equal or strongest: " + durability);
        };
    }

    @Override
    public String describe()
    {
        return "PostgreSQL, synchronous_commit=" + synchronousCommit + ", row locks, a transaction per order";
    }

    private Connection connect() throws SQLException
    {
        final Connection c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement())
        {
            s.execute("SET synchronous_commit = " + synchronousCommit);
        }
        return c;
    }

    @Override
    public void load(final PeerWorkload workload, final long quantity) throws SQLException
    {
        try (Connection c = connect(); Statement s = c.createStatement())
        {
            s.execute("DROP TABLE IF EXISTS holds");
            s.execute("DROP TABLE IF EXISTS stock");
            s.execute("CREATE TABLE stock (location int NOT NULL, sku int NOT NULL, available bigint NOT NULL, " +
                "PRIMARY KEY (location, sku))");
            s.execute("CREATE TABLE holds (order_id bigint NOT NULL, line int NOT NULL, location int NOT NULL, " +
                "sku int NOT NULL, quantity bigint NOT NULL, PRIMARY KEY (order_id, line))");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO stock VALUES (?, ?, ?)"))
            {
                int n = 0;
                for (int l = 0; l < workload.locations; l++)
                {
                    for (int sku = 0; sku < workload.skus; sku++)
                    {
                        insert.setInt(1, l);
                        insert.setInt(2, sku);
                        insert.setLong(3, quantity);
                        insert.addBatch();
                        if (++n % LOAD_CHUNK == 0)
                        {
                            insert.executeBatch();
                        }
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            s.execute("VACUUM ANALYZE stock");
        }
    }

    @Override
    public Client client(final PeerWorkload workload, final int index) throws SQLException
    {
        return new PostgresClient(connect(), workload, index);
    }

    @Override
    public long[] available(final PeerWorkload workload) throws SQLException
    {
        final long[] available = new long[workload.positions()];
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT location, sku, available FROM stock"))
        {
            while (rs.next())
            {
                available[rs.getInt(1) * workload.skus + rs.getInt(2)] = rs.getLong(3);
            }
        }
        return available;
    }

    @Override
    public void close()
    {
    }

    private static final class PostgresClient implements Client
    {
        private final Connection c;
        private final PeerWorkload workload;
        private final PreparedStatement lock;
        private final PreparedStatement take;
        private final PreparedStatement hold;
        private long nextOrder;
        private final int[] positions;

        PostgresClient(final Connection c, final PeerWorkload workload, final int index) throws SQLException
        {
            this.c = c;
            this.workload = workload;
            this.nextOrder = (long)index << 40;
            final StringBuilder rows = new StringBuilder();
            for (int line = 0; line < workload.lines; line++)
            {
                rows.append(line == 0 ? "" : ", ").append("(?, ?)");
            }
            c.setAutoCommit(false);
            lock = c.prepareStatement("SELECT location, sku, available FROM stock WHERE (location, sku) IN (" + rows +
                ") ORDER BY location, sku FOR UPDATE");
            take = c.prepareStatement("UPDATE stock SET available = available - ? WHERE location = ? AND sku = ?");
            hold = c.prepareStatement("INSERT INTO holds VALUES (?, ?, ?, ?, ?)");
            positions = new int[workload.lines];
        }

        @Override
        public void send(final PeerWorkload.Orders orders, final int count, final Outcome outcome) throws SQLException
        {
            for (int k = 0; k < count; k++)
            {
                orders.next();
                for (int line = 0; line < workload.lines; line++)
                {
                    positions[line] = orders.position(line);
                }
                final boolean taken = order(orders, nextOrder++);
                outcome.answered(k, positions, taken, System.nanoTime());
            }
        }

        private boolean order(final PeerWorkload.Orders orders, final long orderId) throws SQLException
        {
            final int lines = workload.lines;
            for (int line = 0; line < lines; line++)
            {
                lock.setInt(2 * line + 1, orders.location);
                lock.setInt(2 * line + 2, orders.sku[line]);
            }
            int locked = 0;
            boolean enough = true;
            try (ResultSet rs = lock.executeQuery())
            {
                while (rs.next())
                {
                    locked++;
                    enough &= rs.getLong(3) >= 1;
                }
            }
            if (locked != lines || !enough)
            {
                c.rollback();
                return false;
            }
            for (int line = 0; line < lines; line++)
            {
                take.setLong(1, 1);
                take.setInt(2, orders.location);
                take.setInt(3, orders.sku[line]);
                take.addBatch();
                hold.setLong(1, orderId);
                hold.setInt(2, line);
                hold.setInt(3, orders.location);
                hold.setInt(4, orders.sku[line]);
                hold.setLong(5, 1);
                hold.addBatch();
            }
            take.executeBatch();
            hold.executeBatch();
            c.commit();
            return true;
        }

        @Override
        public void close() throws SQLException
        {
            c.close();
        }
    }
}

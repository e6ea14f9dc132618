package io.omnistock.benchmarks;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis on loopback: stock is one integer key per position; an order is one Lua script that checks
 * every line, and only if all have enough decrements them and records the hold in a hash, so it
 * is atomic (Redis runs a script alone). Clients pipeline a batch of scripts and read the answers.
 * Durability is the append-only file: {@code appendfsync everysec} (equal) or {@code always}
 * (strongest); RDB snapshots are off.
 */
final class RedisPeer implements PeerSystem
{
    /** KEYS: the line positions, then the holds hash. ARGV: quantity per line, order id. */
    private static final String TAKE_ALL_OR_NOTHING = String.join("\n",
        "local lines = #KEYS - 1",
        "local q = tonumber(ARGV[1])",
        "for i = 1, lines do",
        "  if tonumber(redis.call('GET', KEYS[i])) < q then return 0 end",
        "end",
        "for i = 1, lines do redis.call('DECRBY', KEYS[i], q) end",
        "redis.call('HSET', KEYS[lines + 1], ARGV[2], ARGV[3])",
        "return 1");
    private static final String HOLDS = "holds";
    private static final int LOAD_CHUNK = 1_000;
    /** Jedis waits 2 s by default; FLUSHALL or an fsync-always batch on a busy 2-core machine can take longer. */
    private static final int TIMEOUT_MILLIS = 60_000;

    private final String host;
    private final int port;
    private final String fsync;
    private String sha;

    RedisPeer(final String address, final String durability)
    {
        final int colon = address.lastIndexOf(':');
        this.host = address.substring(0, colon);
        this.port = Integer.parseInt(address.substring(colon + 1));
        this.fsync = switch (durability)
        {
            case "equal" -> "everysec";
            case "strongest" -> "always";
            default -> throw new IllegalArgumentException("Redis durability must be equal or strongest: " + durability);
        };
    }

    @Override
    public String describe()
    {
        return "Redis, appendonly yes, appendfsync " + fsync;
    }

    static String key(final int position)
    {
        return "s:" + position;
    }

    @Override
    public void load(final PeerWorkload workload, final long quantity)
    {
        try (Jedis jedis = new Jedis(host, port, TIMEOUT_MILLIS))
        {
            jedis.configSet("save", "");
            jedis.configSet("appendonly", "yes");
            jedis.configSet("appendfsync", fsync);
            jedis.flushAll();
            final Pipeline p = jedis.pipelined();
            for (int position = 0; position < workload.positions(); position++)
            {
                p.set(key(position), Long.toString(quantity));
                if (position % LOAD_CHUNK == LOAD_CHUNK - 1)
                {
                    p.sync();
                }
            }
            p.sync();
            sha = jedis.scriptLoad(TAKE_ALL_OR_NOTHING);
        }
    }

    @Override
    public Client client(final PeerWorkload workload, final int index)
    {
        return new RedisClient(new Jedis(host, port, TIMEOUT_MILLIS), sha, workload, index);
    }

    @Override
    public long[] available(final PeerWorkload workload)
    {
        final long[] available = new long[workload.positions()];
        try (Jedis jedis = new Jedis(host, port, TIMEOUT_MILLIS))
        {
            for (int from = 0; from < available.length; from += LOAD_CHUNK)
            {
                final int to = Math.min(available.length, from + LOAD_CHUNK);
                final String[] keys = new String[to - from];
                for (int i = from; i < to; i++)
                {
                    keys[i - from] = key(i);
                }
                final List<String> values = jedis.mget(keys);
                for (int i = from; i < to; i++)
                {
                    available[i] = Long.parseLong(values.get(i - from));
                }
            }
        }
        return available;
    }

    @Override
    public void close()
    {
    }

    private static final class RedisClient implements Client
    {
        private final Jedis jedis;
        private final String sha;
        private final PeerWorkload workload;
        private final String orderPrefix;
        private long nextOrder;
        private final List<Response<Object>> responses = new ArrayList<>();
        private int[][] positions = new int[0][];

        RedisClient(final Jedis jedis, final String sha, final PeerWorkload workload, final int index)
        {
            this.jedis = jedis;
            this.sha = sha;
            this.workload = workload;
            this.orderPrefix = index + ":";
        }

        @Override
        public void send(final PeerWorkload.Orders orders, final int count, final Outcome outcome)
        {
            if (positions.length < count)
            {
                positions = new int[count][workload.lines];
            }
            responses.clear();
            final Pipeline p = jedis.pipelined();
            for (int k = 0; k < count; k++)
            {
                orders.next();
                final String[] keys = new String[workload.lines + 1];
                final StringBuilder hold = new StringBuilder().append(orders.location);
                for (int line = 0; line < workload.lines; line++)
                {
                    positions[k][line] = orders.position(line);
                    keys[line] = key(positions[k][line]);
                    hold.append(':').append(orders.sku[line]);
                }
                keys[workload.lines] = HOLDS;
                responses.add(p.evalsha(sha, List.of(keys), List.of("1", orderPrefix + nextOrder++, hold.toString())));
            }
            p.sync();
            final long now = System.nanoTime();
            for (int k = 0; k < count; k++)
            {
                outcome.answered(k, positions[k], ((Long)responses.get(k).get()) == 1L, now);
            }
        }

        @Override
        public void close()
        {
            jedis.close();
        }
    }
}

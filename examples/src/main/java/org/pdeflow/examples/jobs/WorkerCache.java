package org.pdeflow.examples.jobs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values built once per worker JVM and key, then shared by the units that run there (a forward model rebuilt from its
 * recipe): on a cluster the first task on an executor pays for it, the others reuse it; locally the one JVM does.
 */
public final class WorkerCache {

    private static final Map<String, Object> VALUES = new ConcurrentHashMap<>();

    private WorkerCache() {}

    /** Builds a value, or fails. */
    @FunctionalInterface
    public interface Builder<T> {
        /**
         * @return the value
         * @throws Exception when it cannot be built
         */
        T build() throws Exception;
    }

    /**
     * The value of a key, built on first use.
     *
     * @param key identifies the value (include a run id so that two runs do not share)
     * @param build makes the value
     * @return the cached value
     * @throws Exception what {@code build} throws (nothing is cached then)
     */
    @SuppressWarnings("unchecked")
    public static <T> T get(String key, Builder<T> build) throws Exception {
        Object v = VALUES.get(key);
        if (v == null) {
            synchronized (VALUES) {
                v = VALUES.get(key);
                if (v == null) {
                    v = build.build();
                    VALUES.put(key, v);
                }
            }
        }
        return (T) v;
    }

    /** Forgets the value of a key in this JVM (closing it when it is {@link AutoCloseable}). */
    public static void forget(String key) throws Exception {
        Object v = VALUES.remove(key);
        if (v instanceof AutoCloseable c) {
            c.close();
        }
    }
}

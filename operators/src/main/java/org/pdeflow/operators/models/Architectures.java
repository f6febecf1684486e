package org.pdeflow.operators.models;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registry of network architectures by name, used to read model cards: the card stores the name
 * and the config record's fields, and the registry says which record class to decode them into.
 * "fno" ({@link FnoConfig}), "uno" ({@link UnoConfig}) and "unet" ({@link UnetConfig}) are built in;
 * other modules register their own config records once, before loading checkpoints that use them.
 */
public final class Architectures {

    private static final Map<String, Class<? extends ModelConfig>> TYPES = new ConcurrentHashMap<>();

    static {
        TYPES.put(FnoConfig.ARCHITECTURE, FnoConfig.class);
        TYPES.put(UnoConfig.ARCHITECTURE, UnoConfig.class);
        TYPES.put(UnetConfig.ARCHITECTURE, UnetConfig.class);
    }

    private Architectures() {}

    /**
     * Registers a config record type.
     *
     * @param name architecture name, as returned by the records' {@link ModelConfig#architecture()}
     * @param type the record class (JSON-decodable: a record of primitives, strings and lists)
     * @throws IllegalArgumentException if the name is taken by another class
     */
    public static void register(String name, Class<? extends ModelConfig> type) {
        Class<? extends ModelConfig> previous = TYPES.putIfAbsent(name, type);
        if (previous != null && previous != type) {
            throw new IllegalArgumentException(
                    "architecture '" + name + "' is already registered to " + previous.getName());
        }
    }

    /**
     * The config record class of an architecture.
     *
     * @param name architecture name
     * @return its config class
     * @throws IllegalArgumentException for an unknown name
     */
    public static Class<? extends ModelConfig> configType(String name) {
        Class<? extends ModelConfig> type = TYPES.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "'; known: " + names());
        }
        return type;
    }

    /** The registered names, sorted. */
    public static Set<String> names() {
        return new TreeSet<>(TYPES.keySet());
    }
}

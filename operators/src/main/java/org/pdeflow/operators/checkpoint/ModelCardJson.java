package org.pdeflow.operators.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializationContext;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import java.lang.reflect.Type;
import org.pdeflow.operators.models.Architectures;
import org.pdeflow.operators.models.ModelConfig;

/**
 * JSON form of {@link ModelCard}s and {@link ModelConfig}s (Gson, which DJL already brings).
 * A config is written as {@code {"architecture": "fno", "config": {...record fields...}}} and read
 * back through {@link Architectures}.
 */
public final class ModelCardJson {

    /** Plain records (the config's own fields), without the polymorphic wrapper. */
    private static final Gson RECORDS = new GsonBuilder().disableHtmlEscaping().create();

    private static final Gson GSON = new GsonBuilder()
            .registerTypeHierarchyAdapter(ModelConfig.class, new ConfigAdapter())
            .serializeSpecialFloatingPointValues()
            .serializeNulls()
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .create();

    private static final Gson COMPACT = new GsonBuilder()
            .registerTypeHierarchyAdapter(ModelConfig.class, new ConfigAdapter())
            .disableHtmlEscaping()
            .create();

    private ModelCardJson() {}

    /** The card as pretty-printed JSON. */
    public static String toJson(ModelCard card) {
        return GSON.toJson(card);
    }

    /**
     * Parses a card.
     *
     * @param json the text of a model-card.json
     * @return the card
     * @throws IllegalArgumentException if it is not a valid card (bad JSON, unknown architecture,
     *     invalid values)
     */
    public static ModelCard fromJson(String json) {
        try {
            ModelCard card = GSON.fromJson(json, ModelCard.class);
            if (card == null) {
                throw new IllegalArgumentException("empty model card");
            }
            if (card.cardVersion() > ModelCard.CURRENT_VERSION) {
                throw new IllegalArgumentException("model card version " + card.cardVersion()
                        + " is newer than this pdeflow reads (" + ModelCard.CURRENT_VERSION + ")");
            }
            return card;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("malformed model card: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid model card: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof IllegalArgumentException)) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** A config as one-line JSON (also used to tag saved parameters with their architecture). */
    public static String configToJson(ModelConfig config) {
        return COMPACT.toJson(config, ModelConfig.class);
    }

    /** Parses a config written by {@link #configToJson}. */
    public static ModelConfig configFromJson(String json) {
        try {
            return COMPACT.fromJson(json, ModelConfig.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("malformed model config: " + e.getMessage(), e);
        }
    }

    private static final class ConfigAdapter implements JsonSerializer<ModelConfig>, JsonDeserializer<ModelConfig> {
        @Override
        public JsonElement serialize(ModelConfig src, Type type, JsonSerializationContext ctx) {
            JsonObject o = new JsonObject();
            o.addProperty("architecture", src.architecture());
            o.add("config", RECORDS.toJsonTree(src, src.getClass()));
            return o;
        }

        @Override
        public ModelConfig deserialize(JsonElement json, Type type, JsonDeserializationContext ctx) {
            if (!json.isJsonObject()
                    || !json.getAsJsonObject().has("architecture")
                    || !json.getAsJsonObject().has("config")) {
                throw new JsonParseException("model config needs 'architecture' and 'config'");
            }
            JsonObject o = json.getAsJsonObject();
            Class<? extends ModelConfig> cls;
            try {
                cls = Architectures.configType(o.get("architecture").getAsString());
            } catch (IllegalArgumentException e) {
                throw new JsonParseException(e.getMessage(), e);
            }
            try {
                return RECORDS.fromJson(o.get("config"), cls);
            } catch (RuntimeException e) {
                // Gson wraps exceptions thrown by a record's validating constructor
                Throwable cause = e;
                while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                    cause = cause.getCause();
                }
                throw new JsonParseException(
                        "invalid " + o.get("architecture").getAsString() + " config: " + cause.getMessage(), e);
            }
        }
    }
}

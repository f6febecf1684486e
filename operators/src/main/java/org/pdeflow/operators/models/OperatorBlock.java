package org.pdeflow.operators.models;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Locale;
import org.pdeflow.operators.checkpoint.ModelCardJson;

/**
 * What FNO and U-NO blocks share: a field-to-field map (B, Cin, H, W) -&gt; (B, Cout, H, W) built
 * from a {@link ModelConfig}, whose versioned metadata stores that config so weights saved for one
 * configuration are refused by a block of another.
 */
abstract class OperatorBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ModelConfig config;

    OperatorBlock(ModelConfig config) {
        super(VERSION);
        this.config = config;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), config.outChannels(), in.get(2), in.get(3))};
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeUTF(ModelCardJson.configToJson(config));
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        String name = config.architecture().toUpperCase(Locale.ROOT);
        if (loadVersion != VERSION) {
            throw new MalformedModelException(name + ": unsupported parameter version " + loadVersion);
        }
        readInputShapes(is);
        // DJL names inputs only in initialize(); a loaded block needs them to be saved again
        if (inputNames.isEmpty()) {
            inputNames = new ArrayList<>();
            for (int i = 0; i < inputShapes.length; i++) {
                inputNames.add("data" + i);
            }
        }
        String saved = is.readUTF();
        // compared as records, so that a field added later with a neutral default (0: absent) still matches
        if (!saved.equals(ModelCardJson.configToJson(config)) && !sameConfig(saved)) {
            throw new MalformedModelException(
                    name + ": the parameters were saved for " + saved + ", not for " + config);
        }
    }

    private boolean sameConfig(String saved) {
        try {
            return config.equals(ModelCardJson.configFromJson(saved));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

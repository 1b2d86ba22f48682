package fastai.text;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import java.util.Arrays;

/**
 * Keras' {@code Flatten()} after a sequence layer: {@code [batch, channels, steps]} becomes
 * {@code [batch, channels * steps]}, so a dense layer sees the whole review at once. (DL4J's own
 * recurrent-to-dense preprocessor would instead apply the dense layer to each step separately.)
 */
public final class FlattenSequence implements InputPreProcessor {
    private final long channels;
    private final long steps;

    public FlattenSequence(@JsonProperty("channels") long channels, @JsonProperty("steps") long steps) {
        this.channels = channels;
        this.steps = steps;
    }

    public long getChannels() { return channels; }
    public long getSteps() { return steps; }

    @Override public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr mgr) {
        if (input.rank() != 3 || input.size(1) != channels || input.size(2) != steps) {
            throw new IllegalArgumentException("FlattenSequence: expected [batch, " + channels + ", " + steps + "], got "
                    + Arrays.toString(input.shape()));
        }
        INDArray flat = input.dup('c').reshape('c', input.size(0), channels * steps);
        return mgr.leverageTo(ArrayType.ACTIVATIONS, flat);
    }

    @Override public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr mgr) {
        INDArray seq = output.dup('c').reshape('c', output.size(0), channels, steps);
        return mgr.leverageTo(ArrayType.ACTIVATION_GRAD, seq);
    }

    @Override public InputPreProcessor clone() { return new FlattenSequence(channels, steps); }

    @Override public InputType getOutputType(InputType inputType) { return InputType.feedForward(channels * steps); }

    @Override public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray mask, MaskState state, int minibatchSize) {
        return new Pair<>(null, state);   // the flattened vector is one example: no per-step mask any more
    }

    @Override public boolean equals(Object o) {
        return o instanceof FlattenSequence f && f.channels == channels && f.steps == steps;
    }

    @Override public int hashCode() { return Long.hashCode(channels * 31 + steps); }
}

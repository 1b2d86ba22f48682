package fastai.train;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training accuracy counted from the training forward pass itself, with no second pass: DL4J
 * hands listeners the activations of every layer but the output layer, so the output layer's
 * pre-activation is recomputed from its input (its arg-max is the softmax's; its sign is the
 * sigmoid's side of 0.5), with the weights before the step and without dropout. Only dense-style
 * output layers on 2-D inputs are counted; otherwise the accuracy stays NaN. Call {@link #expect}
 * with each batch's labels before {@code fit}.
 */
public final class TrainAccuracy extends BaseTrainingListener {
    private INDArray labels;
    private double hits, count;

    /** The labels of the batch about to be fitted. */
    public void expect(INDArray batchLabels) { labels = batchLabels; }

    public void reset() { hits = 0; count = 0; }

    /** Share of correct answers since {@link #reset}, NaN if none could be counted. */
    public double accuracy() { return count == 0 ? Double.NaN : hits / count; }

    @Override public void onForwardPass(Model model, List<INDArray> activations) {
        if (model instanceof MultiLayerNetwork m && !activations.isEmpty()) count(m.getOutputLayer(), activations.get(activations.size() - 1));
        labels = null;
    }

    @Override public void onForwardPass(Model model, Map<String, INDArray> activations) {
        if (model instanceof ComputationGraph g) {
            String out = g.getConfiguration().getNetworkOutputs().get(0);
            List<String> in = g.getConfiguration().getVertexInputs().get(out);
            if (in != null && in.size() == 1) count(g.getLayer(out), activations.get(in.get(0)));
        }
        labels = null;
    }

    private void count(Layer out, INDArray x) {
        if (labels == null || x == null || x.rank() != 2 || out == null || out.getParam("W") == null) return;
        Evaluate.Kind kind = Evaluate.kind(out);
        if (kind != Evaluate.Kind.CROSS_ENTROPY && kind != Evaluate.Kind.BINARY) return;
        INDArray w = out.getParam("W");
        if (x.size(1) != w.size(0)) return;
        INDArray z = x.castTo(DataType.FLOAT).mmul(w.castTo(DataType.FLOAT));
        if (out.getParam("b") != null) z.addiRowVector(out.getParam("b").castTo(DataType.FLOAT));
        if (kind == Evaluate.Kind.BINARY) z.addi(0.5);   // z > 0 <=> sigmoid(z) > 0.5; shifted so the 0.5 threshold applies
        double[] c = Evaluate.correct(kind, z, labels);
        hits += c[0];
        count += c[1];
    }
}

package fastai.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import fastai.cnn.LayerChain;
import fastai.train.Fit;

/**
 * Batch normalization added to a trained network without changing what it computes.
 *
 * <p>A batch-norm layer outputs {@code gamma * (x - mean) / sqrt(var + eps) + beta}. Inserted after
 * a dense layer with {@code mean} and {@code var} set to that layer's measured activation
 * statistics (on a sample of real inputs), {@code gamma = sqrt(var + eps)} and
 * {@code beta = mean}, it is exactly the identity at inference, and close to it in training
 * (where a batch's own statistics replace the measured ones). So the network's outputs are
 * unchanged at insertion, and training then moves gamma and beta from there.
 */
public final class BatchNorms {
    /** Suffix of the inserted layers' names ({@code fc1} → {@code fc1_bn}). */
    public static final String SUFFIX = "_bn";
    /** DL4J's default epsilon. */
    public static final double EPS = 1e-5;

    private BatchNorms() { }

    /**
     * A copy of {@code g} with a batch-norm layer after every dense (hidden) layer, set to the
     * identity on the activation statistics of {@code sample} (inputs {@code g} takes, e.g.
     * a few thousand rows of training features).
     */
    public static ComputationGraph insertAfterDense(ComputationGraph g, INDArray sample) {
        if (g == null) throw new IllegalArgumentException("graph g must not be null");
        if (sample == null || sample.size(0) < 2) throw new IllegalArgumentException("sample must hold at least 2 rows of inputs to measure statistics");
        LayerChain c = LayerChain.of(g);
        Map<String, INDArray> acts = g.feedForward(sample, false);
        List<String> inserted = new ArrayList<>();
        List<INDArray[]> stats = new ArrayList<>();
        LayerChain out = c;
        int shift = 0;
        for (int i = 0; i < c.size(); i++) {
            LayerChain.Link k = c.get(i);
            if (!(k.layer() instanceof DenseLayer d)) continue;
            if (i + 1 < c.size() && c.get(i + 1).layer() instanceof BatchNormalization) continue;   // already normalized
            INDArray a = acts.get(k.name()).castTo(DataType.DOUBLE);
            INDArray mean = a.mean(0);
            INDArray var = a.var(false, 0);
            String name = k.name() + SUFFIX;
            BatchNormalization bn = new BatchNormalization.Builder().nIn(d.getNOut()).nOut(d.getNOut())
                    .useLogStd(false).eps(EPS).activation(Activation.IDENTITY).build();
            bn.setLayerName(name);
            out = out.insert(i + 1 + shift, new LayerChain.Link(name, bn, null, null));
            shift++;
            inserted.add(name);
            stats.add(new INDArray[] {mean, var});
        }
        if (inserted.isEmpty()) throw new IllegalArgumentException("the network has no dense hidden layer to add batch normalization to: " + c.names());
        ComputationGraph ng = out.build(g.getConfiguration().getNetworkInputs().get(0), 0, Fit.SEED);
        for (int j = 0; j < inserted.size(); j++) {
            var l = ng.getLayer(inserted.get(j));
            INDArray mean = stats.get(j)[0], var = stats.get(j)[1];
            INDArray gamma = Transforms.sqrt(var.add(EPS), true);
            l.setParam("mean", mean.reshape(l.getParam("mean").shape()).castTo(l.getParam("mean").dataType()));
            l.setParam("var", var.reshape(l.getParam("var").shape()).castTo(l.getParam("var").dataType()));
            l.setParam("gamma", gamma.reshape(l.getParam("gamma").shape()).castTo(l.getParam("gamma").dataType()));
            l.setParam("beta", mean.reshape(l.getParam("beta").shape()).castTo(l.getParam("beta").dataType()));
        }
        return ng;
    }
}

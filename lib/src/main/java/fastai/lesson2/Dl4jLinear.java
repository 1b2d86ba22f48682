package fastai.lesson2;

import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import fastai.train.Data;
import fastai.train.Fit;
import fastai.train.History;

/**
 * The lesson's linear model again, now letting DL4J do the work: {@code y = x·w + b} with x
 * two-dimensional, fitted by a single dense unit (an {@link OutputLayer} with identity activation
 * and mean-squared-error loss) trained by plain SGD. DL4J works out the gradients itself.
 *
 * <p>The course's set-up: {@code w = [2, 3]}, {@code b = 1}, 30 rows of x uniform in [0, 1),
 * learning rate 0.1, batches of one row.
 */
public final class Dl4jLinear {
    public static final double[] TRUE_W = {2, 3};
    public static final double TRUE_BIAS = 1;
    public static final double COURSE_LR = 0.1;
    public static final int COURSE_N = 30;

    private Dl4jLinear() { }

    /** {@code n} rows of x uniform in [0, 1)² from {@code new Random(seed)}, and y = x·[2, 3] + 1 (both double, y is [n, 1]). */
    public static DataSet courseData(int n, long seed) {
        return data(n, TRUE_W, TRUE_BIAS, seed);
    }

    /** {@code n} rows of x uniform in [0, 1)^w.length and y = x·w + bias. */
    public static DataSet data(int n, double[] w, double bias, long seed) {
        if (n <= 0) throw new IllegalArgumentException("n = " + n + " must be positive");
        if (w == null || w.length == 0) throw new IllegalArgumentException("w must have at least one weight");
        Random r = new Random(seed);
        double[][] x = new double[n][w.length];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            double s = bias;
            for (int j = 0; j < w.length; j++) {
                x[i][j] = r.nextDouble();
                s += x[i][j] * w[j];
            }
            y[i][0] = s;
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    /** One dense unit: {@code nIn} inputs → 1 output, identity activation, MSE loss, SGD at {@code lr}, Xavier start, doubles. */
    public static MultiLayerNetwork model(int nIn, double lr, long seed) {
        if (nIn <= 0) throw new IllegalArgumentException("nIn = " + nIn + " must be positive");
        if (!(lr > 0)) throw new IllegalArgumentException("lr = " + lr + " must be positive");
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .updater(new Sgd(lr))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(nIn).nOut(1).activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The course's model: 2 inputs, SGD at 0.1. */
    public static MultiLayerNetwork courseModel(long seed) {
        return model(2, COURSE_LR, seed);
    }

    /** Mean squared error of the model on {@code data} (DL4J's score: no regularization here). */
    public static double loss(MultiLayerNetwork net, DataSet data) {
        return net.score(data);
    }

    /**
     * {@code epochs} passes over {@code data} in batches of {@code batchSize}, rows shuffled before
     * each pass (seeded), through the library's one loop; returns the mean squared error on the
     * whole of {@code data} after each pass.
     */
    public static double[] fit(MultiLayerNetwork net, DataSet data, int epochs, int batchSize, long seed) {
        Data rows = Data.arrays(data.getFeatures(), data.getLabels());
        History h = Fit.of(net).epochs(epochs).batchSize(batchSize).seed(seed).quiet(true).validation(rows).run(rows);
        return h.epochs().stream().mapToDouble(History.Epoch::valLoss).toArray();
    }

    /** The learned weights w (one per input). */
    public static double[] weights(MultiLayerNetwork net) {
        INDArray w = net.getLayer(0).getParam("W");
        return w.castTo(DataType.DOUBLE).reshape(w.length()).toDoubleVector();
    }

    /** The learned bias b. */
    public static double bias(MultiLayerNetwork net) {
        return net.getLayer(0).getParam("b").getDouble(0);
    }

    /** Learned next to true: one row per weight and one for the bias. */
    public static Table compare(MultiLayerNetwork net, double[] trueW, double trueBias) {
        double[] w = weights(net);
        if (w.length != trueW.length) {
            throw new IllegalArgumentException("the model has " + w.length + " weights but trueW has " + trueW.length);
        }
        StringColumn name = StringColumn.create("parameter");
        DoubleColumn truth = DoubleColumn.create("true");
        DoubleColumn learned = DoubleColumn.create("learned");
        DoubleColumn diff = DoubleColumn.create("learned - true");
        for (int j = 0; j < w.length; j++) {
            name.append("w" + (j + 1));
            truth.append(trueW[j]);
            learned.append(round(w[j]));
            diff.append(round(w[j] - trueW[j]));
        }
        name.append("bias");
        truth.append(trueBias);
        learned.append(round(bias(net)));
        diff.append(round(bias(net) - trueBias));
        return Table.create("dense unit: learned vs true", name, truth, learned, diff);
    }

    /** Learned next to the course's true values [2, 3] and 1. */
    public static Table compare(MultiLayerNetwork net) {
        return compare(net, TRUE_W, TRUE_BIAS);
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }
}

package fastai.collab;

import java.util.Locale;

import fastai.io.DataException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import fastai.train.Data;

/**
 * The lesson's three models of a rating, each a two-input DL4J {@code ComputationGraph} (a user's
 * embedding row and a movie's embedding row):
 * <ul>
 *   <li>{@link #dotProduct}: rating = user factors · movie factors (an element-wise product, then a sum);</li>
 *   <li>{@link #withBias}: the same plus a learned bias per user and per movie;</li>
 *   <li>{@link #neuralNet}: both factor vectors concatenated, dropout, a dense ReLU layer, dropout, one output.</li>
 * </ul>
 * Loss: mean squared error; optimiser: Adam. Embeddings start uniform in ±0.05 (Keras's default for
 * embeddings). The L2 weight given is Keras's {@code l2(λ)}, a penalty λ·Σw² on the factor tables;
 * DL4J's {@code l2(x)} adds ½·x·Σw², so the layers get {@code x = 2λ} (same penalty, same gradient).
 * The model keeps the id → row indexes, so it takes {@link Ratings} directly and says which line
 * of which file holds an id it has no embedding row for.
 */
public final class CollabModel {
    public enum Kind { DOT_PRODUCT, BIAS, NEURAL_NET }

    private final Kind kind;
    private final ComputationGraph net;
    private final IdIndex users, movies;
    private final int factors;
    private double l2;

    private CollabModel(Kind kind, ComputationGraph net, IdIndex users, IdIndex movies, int factors) {
        this.kind = kind;
        this.net = net;
        this.users = users;
        this.movies = movies;
        this.factors = factors;
    }

    /**
     * The sum over the factors of user ∘ movie, i.e. the dot product: a one-unit dense layer whose
     * weights are all 1 and stay 1 ({@code FrozenLayerWithBackprop} passes the gradient through but
     * never updates them). A SameDiff lambda vertex computing sum(u∘m) measured a gradient twice the
     * true one for both factor tables in DL4J M2.1 (CollabModelTest checks the gradient numerically).
     */
    private static FrozenLayerWithBackprop sumOfFactors(int factors) {
        return new FrozenLayerWithBackprop(new DenseLayer.Builder().nIn(factors).nOut(1).hasBias(false)
                .activation(Activation.IDENTITY).weightInit(WeightInit.ONES).build());
    }

    private static ComputationGraphConfiguration.GraphBuilder start(double lr, long seed, DataType dtype) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dtype)
                .updater(new Adam(lr))
                .weightInit(new UniformDistribution(-0.05, 0.05))
                .graphBuilder()
                .addInputs("user", "movie"); // no input types: DL4J would then take nIn = 1 for the embeddings
    }

    private static EmbeddingLayer embedding(int rows, int factors, double kerasL2) {
        return new EmbeddingLayer.Builder().nIn(rows).nOut(factors).hasBias(false)
                .activation(Activation.IDENTITY).l2(2 * kerasL2).build();
    }

    private static LossLayer mse() {
        return new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build();
    }

    /** Rating = dot product of a user's and a movie's {@code factors} factors. */
    public static CollabModel dotProduct(IdIndex users, IdIndex movies, int factors, double l2, double lr, long seed) {
        return dotProduct(users, movies, factors, l2, lr, seed, DataType.FLOAT);
    }

    static CollabModel dotProduct(IdIndex users, IdIndex movies, int factors, double l2, double lr, long seed, DataType dtype) {
        var g = start(lr, seed, dtype)
                .addLayer("userFactors", embedding(users.size(), factors, l2), "user")
                .addLayer("movieFactors", embedding(movies.size(), factors, l2), "movie")
                .addVertex("product", new ElementWiseVertex(ElementWiseVertex.Op.Product), "userFactors", "movieFactors")
                .addLayer("dot", sumOfFactors(factors), "product")
                .addLayer("rating", mse(), "dot")
                .setOutputs("rating");
        return build(Kind.DOT_PRODUCT, g, users, movies, factors).l2(l2);
    }

    /** Rating = dot product + user bias + movie bias (the biases are one-column embeddings, not regularised). */
    public static CollabModel withBias(IdIndex users, IdIndex movies, int factors, double l2, double lr, long seed) {
        return withBias(users, movies, factors, l2, lr, seed, DataType.FLOAT);
    }

    static CollabModel withBias(IdIndex users, IdIndex movies, int factors, double l2, double lr, long seed, DataType dtype) {
        var g = start(lr, seed, dtype)
                .addLayer("userFactors", embedding(users.size(), factors, l2), "user")
                .addLayer("movieFactors", embedding(movies.size(), factors, l2), "movie")
                .addLayer("userBias", embedding(users.size(), 1, 0), "user")
                .addLayer("movieBias", embedding(movies.size(), 1, 0), "movie")
                .addVertex("product", new ElementWiseVertex(ElementWiseVertex.Op.Product), "userFactors", "movieFactors")
                .addLayer("dot", sumOfFactors(factors), "product")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "dot", "userBias", "movieBias")
                .addLayer("rating", mse(), "sum")
                .setOutputs("rating");
        return build(Kind.BIAS, g, users, movies, factors).l2(l2);
    }

    /**
     * The neural net: [user factors, movie factors] → dropout {@code dropEmbeddings} → dense
     * {@code hidden} ReLU → dropout {@code dropHidden} → one linear output. Dropout values are
     * probabilities to <em>drop</em> (Keras's meaning; DL4J's own {@code dropOut} takes the
     * probability to keep, converted here).
     */
    public static CollabModel neuralNet(IdIndex users, IdIndex movies, int factors, double l2, int hidden,
                                        double dropEmbeddings, double dropHidden, double lr, long seed) {
        var g = start(lr, seed, DataType.FLOAT)
                .addLayer("userFactors", embedding(users.size(), factors, l2), "user")
                .addLayer("movieFactors", embedding(movies.size(), factors, l2), "movie")
                .addVertex("both", new MergeVertex(), "userFactors", "movieFactors")
                .addLayer("hidden", new DenseLayer.Builder().nIn(2 * factors).nOut(hidden).activation(Activation.RELU)
                        .weightInit(WeightInit.XAVIER)
                        .dropOut(1 - dropEmbeddings).build(), "both")
                .addLayer("rating", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(hidden).nOut(1).activation(Activation.IDENTITY)
                        .weightInit(WeightInit.XAVIER)
                        .dropOut(1 - dropHidden).build(), "hidden")
                .setOutputs("rating");
        return build(Kind.NEURAL_NET, g, users, movies, factors).l2(l2);
    }

    private static CollabModel build(Kind kind, ComputationGraphConfiguration.GraphBuilder g, IdIndex users, IdIndex movies, int factors) {
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return new CollabModel(kind, net, users, movies, factors);
    }

    private CollabModel l2(double l2) {
        this.l2 = l2;
        return this;
    }

    /**
     * The L2 penalty now: λ·Σw² over the two factor tables. Keras added it to the loss it reported,
     * validation loss included; {@code mse(valid) + penalty()} is the number comparable with a Keras val_loss.
     */
    public double penalty() {
        double s = 0;
        for (String layer : new String[] {"userFactors", "movieFactors"}) {
            double n = net.getLayer(layer).getParam("W").norm2Number().doubleValue();
            s += n * n;
        }
        return l2 * s;
    }

    public Kind kind() { return kind; }
    public ComputationGraph net() { return net; }
    public IdIndex users() { return users; }
    public IdIndex movies() { return movies; }
    public int factors() { return factors; }

    /**
     * The two inputs for {@code r}: column vectors of embedding rows. An id the model has no row for
     * is a one-line error naming the file and line of that rating.
     */
    public INDArray[] inputs(Ratings r) {
        int n = r.size();
        long uRows = embeddingRows("userFactors"), mRows = embeddingRows("movieFactors");
        float[] u = new float[n], m = new float[n];
        for (int i = 0; i < n; i++) {
            u[i] = row(users, r.user(i), uRows, "user", r, i);
            m[i] = row(movies, r.movie(i), mRows, "movie", r, i);
        }
        DataType dt = net.params().dataType();
        return new INDArray[] {Nd4j.create(u, new long[] {n, 1}).castTo(dt), Nd4j.create(m, new long[] {n, 1}).castTo(dt)};
    }

    private long embeddingRows(String layer) {
        return net.getLayer(layer).getParam("W").size(0);
    }

    private static int row(IdIndex index, int id, long rows, String what, Ratings r, int i) {
        int k = index.row(id);
        if (k < 0 || k >= rows) {
            throw new DataException(r.source() + " line " + r.line(i) + ": " + index.what() + " " + id
                    + (k < 0 ? " is not one of the " + index.size() + " " + what + "s the model was built for"
                             : " maps to row " + k + ", beyond the " + what + " embedding's " + rows + " rows")
                    + "; expected only " + what + "s seen when the model was made");
        }
        return k;
    }

    /** The ratings of {@code r} as the labels column. */
    public INDArray[] labels(Ratings r) {
        return new INDArray[] {Nd4j.create(r.ratings(), new long[] {r.size(), 1}).castTo(net.params().dataType())};
    }

    /** {@code r} as training or validation data for {@link fastai.train.Fit}: the two inputs and the ratings. */
    public Data data(Ratings r) {
        return Data.arrays(inputs(r), labels(r));
    }

    /** Predicted ratings for the rows of {@code r}, as a vector. */
    public INDArray predict(Ratings r) {
        return net.output(false, inputs(r))[0].reshape(r.size()).castTo(DataType.DOUBLE);
    }

    /** Mean squared error of the predictions on {@code r} (no regularisation term). */
    public double mse(Ratings r) {
        INDArray d = predict(r).sub(labels(r)[0].reshape(r.size()).castTo(DataType.DOUBLE));
        return d.mul(d).meanNumber().doubleValue();
    }

    /** Sets Adam's learning rate (the course changed it between rounds of fitting). */
    public CollabModel learningRate(double lr) {
        net.setLearningRate(lr);
        return this;
    }

    /** The movie factor table, one row per movie (row order of {@link #movies()}). */
    public INDArray movieFactors() { return net.getLayer("movieFactors").getParam("W").dup(); }
    public INDArray userFactors() { return net.getLayer("userFactors").getParam("W").dup(); }

    /** The learned bias of every movie (bias model only). */
    public INDArray movieBias() { return biasOf("movieBias"); }
    public INDArray userBias() { return biasOf("userBias"); }

    private INDArray biasOf(String layer) {
        if (kind != Kind.BIAS) throw new IllegalStateException("only the bias model has " + layer + " (this is " + kind + ")");
        return net.getLayer(layer).getParam("W").dup().reshape(-1);
    }

    public long parameterCount() { return net.numParams(); }

    @Override public String toString() {
        return String.format(Locale.ROOT, "%s: %d users × %d movies, %d factors, %,d parameters", kind, users.size(), movies.size(), factors, net.numParams());
    }

}

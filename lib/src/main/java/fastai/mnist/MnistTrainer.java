package fastai.mnist;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import fastai.train.Data;
import fastai.train.Fit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import fastai.OneHot;
import fastai.display.Plots;
import fastai.train.History;
import java.util.function.LongFunction;
import java.util.stream.IntStream;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Trains and tests the MNIST notebook's models on digits held in memory: shuffled mini-batches,
 * optional augmentation ({@link DigitWarp}), a live {@link ProgressBar} per epoch, then the test
 * set's probabilities and accuracy. Also averages models into an ensemble and draws the digits a
 * model got wrong.
 *
 * <p>Inputs are standardised like the course did: subtract the training pixels' mean and divide
 * by their standard deviation (one number each, measured on the training images given here).
 * Augmentation is applied to the raw 0..1 pixels first, so the background it brings in is 0.
 */
public final class MnistTrainer {
    /** One trained step: its test probabilities [n, 10], accuracy, and how long training took. */
    public record Step(String name, List<MultiLayerNetwork> nets, INDArray testProbs, double accuracy,
                       double secondsPerEpoch, int epochs, long trainImages) {
        @Override public String toString() {
            return String.format(Locale.ROOT, "%s: test accuracy %.4f (%d epoch%s on %d images, %.1f s/epoch)",
                    name, accuracy, epochs, epochs == 1 ? "" : "s", trainImages, secondsPerEpoch);
        }
    }

    private final INDArray trainX, testX;
    private final int[] trainY, testY;
    private final double mean, std;
    private int batchSize = 64;
    private long seed = Fit.SEED;
    private boolean quiet;

    /** Training and test digits: images [n, 784] or [n, 1, 28, 28] (pixels 0..1), labels 0..9 (one per image). */
    public MnistTrainer(INDArray trainImages, INDArray trainLabels, INDArray testImages, INDArray testLabels) {
        this.trainX = flat(trainImages, "trainImages");
        this.trainY = labels(trainLabels, trainX, "trainLabels", "trainImages");
        this.testX = flat(testImages, "testImages");
        this.testY = labels(testLabels, testX, "testLabels", "testImages");
        this.mean = trainX.meanNumber().doubleValue();
        this.std = trainX.stdNumber().doubleValue();
        if (!(std > 0)) throw new IllegalArgumentException("trainImages are all the same value; cannot standardise");
    }

    /** The first {@code trainCount} training digits (all of them if larger) and the whole test split. */
    public static MnistTrainer of(Digits train, Digits test, int trainCount) {
        return of(train, test, trainCount, test.count());
    }

    /** The first {@code trainCount} training and first {@code testCount} test digits (all of a split if larger). */
    public static MnistTrainer of(Digits train, Digits test, int trainCount, int testCount) {
        if (trainCount <= 0) throw new IllegalArgumentException("trainCount = " + trainCount + " must be positive");
        if (testCount <= 0) throw new IllegalArgumentException("testCount = " + testCount + " must be positive");
        return new MnistTrainer(head(train.images(), trainCount), head(train.labels(), trainCount),
                head(test.images(), testCount), head(test.labels(), testCount));
    }

    private static INDArray head(INDArray a, int n) {
        if (n >= a.size(0)) return a;
        return a.rank() == 1 ? a.get(NDArrayIndex.interval(0, n)).dup()
                             : a.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
    }

    public MnistTrainer batchSize(int b) {
        if (b <= 0) throw new IllegalArgumentException("batchSize = " + b + " must be positive");
        batchSize = b;
        return this;
    }

    /** Seed of the shuffling and augmentation order (each model's own weights have their own seed). */
    public MnistTrainer seed(long s) { seed = s; return this; }

    /** No progress bars (tests). */
    public MnistTrainer quiet(boolean q) { quiet = q; return this; }

    public int trainCount() { return trainY.length; }
    public int testCount() { return testY.length; }
    public double mean() { return mean; }
    public double std() { return std; }

    /** Trains {@code net} for {@code epochs} passes (augmented when {@code augment} is not null) and tests it. */
    public Step train(String name, MultiLayerNetwork net, int epochs, DigitWarp augment) {
        if (epochs <= 0) throw new IllegalArgumentException("epochs = " + epochs + " must be positive");
        fit(name, net, epochs, augment);
        return step(name, List.of(net), epochs);
    }

    public Step train(String name, MultiLayerNetwork net, int epochs) { return train(name, net, epochs, null); }

    /** Seconds per epoch, averaged. Augmentation warps the raw pixels of each batch, then the batch is standardised. */
    double fit(String name, MultiLayerNetwork net, int epochs, DigitWarp augment) {
        Data digits = Data.arrays(trainX, OneHot.encode(trainY, MnistModels.CLASSES)).map(b -> {
            INDArray x = augment == null ? b.getFeatures(0) : augment.apply(b.getFeatures(0));
            return new MultiDataSet(standardise(x), b.getLabels(0));
        });
        History h = Fit.of(net).epochs(epochs).batchSize(batchSize).seed(seed).quiet(quiet).title(name + " epoch").run(digits);
        lastSecondsPerEpoch = h.epochs().stream().mapToDouble(History.Epoch::seconds).average().orElse(Double.NaN);
        return lastSecondsPerEpoch;
    }

    private double lastSecondsPerEpoch = Double.NaN;

    private Step step(String name, List<MultiLayerNetwork> nets, int epochs) {
        INDArray p = predict(nets.get(0), testX);
        return new Step(name, nets, p, accuracy(p, testY), lastSecondsPerEpoch, epochs, trainY.length);
    }

    /**
     * {@code count} models from {@code builder} (seeds 1, 2, ...), each trained {@code epochs}
     * passes, their test probabilities averaged. The step's seconds per epoch are per model.
     */
    public Step ensemble(String name, int count, LongFunction<MultiLayerNetwork> builder,
                         int epochs, LongFunction<DigitWarp> augment) {
        return ensemble(name, count, builder, epochs, augment, 0, count);
    }

    /** Trains members {@code offset + 1 .. offset + count} (of {@code total}, for the progress labels). */
    private Step ensemble(String name, int count, LongFunction<MultiLayerNetwork> builder,
                          int epochs, LongFunction<DigitWarp> augment, int offset, int total) {
        if (count <= 0) throw new IllegalArgumentException("count = " + count + " must be positive");
        if (epochs <= 0) throw new IllegalArgumentException("epochs = " + epochs + " must be positive");
        List<MultiLayerNetwork> nets = new ArrayList<>();
        List<INDArray> probs = new ArrayList<>();
        double secs = 0;
        long s0 = seed;
        try {
            for (int m = offset + 1; m <= offset + count; m++) {
                MultiLayerNetwork net = builder.apply(m);
                seed = s0 + m;   // each member sees its own shuffling and augmentation
                secs += fit(name + " " + m + "/" + total, net, epochs, augment == null ? null : augment.apply(m));
                nets.add(net);
                INDArray p = predict(net, testX);
                probs.add(p);
                if (!quiet) System.out.printf(Locale.ROOT, "  model %d: test accuracy %.4f%n", m, accuracy(p, testY));
            }
        } finally {
            seed = s0;
        }
        INDArray avg = average(probs);
        return new Step(name, nets, avg, accuracy(avg, testY), secs / count, epochs, trainY.length);
    }

    /**
     * As {@link #ensemble(String, int, java.util.function.LongFunction, int, java.util.function.LongFunction)},
     * with {@code first} (an already trained step of the same kind) as the first member, so only
     * {@code count - 1} new models are trained.
     */
    public Step ensemble(String name, Step first, int count, LongFunction<MultiLayerNetwork> builder,
                         LongFunction<DigitWarp> augment) {
        if (count < 2) throw new IllegalArgumentException("count = " + count + ": an ensemble needs at least 2 models");
        Step rest = ensemble(name, count - 1, builder, first.epochs(), augment, first.nets().size(), count);
        List<MultiLayerNetwork> nets = new ArrayList<>(first.nets());
        nets.addAll(rest.nets());
        // weight the two averages by their sizes so each model counts once
        INDArray avg = first.testProbs().mul(first.nets().size()).addi(rest.testProbs().mul(rest.nets().size())).divi(nets.size());
        double secs = (first.secondsPerEpoch() * first.nets().size() + rest.secondsPerEpoch() * rest.nets().size()) / nets.size();
        return new Step(name, nets, avg, accuracy(avg, testY), secs, first.epochs(), trainY.length);
    }

    /** Class probabilities [n, 10] for images [n, 784] or [n, 1, 28, 28] (pixels 0..1), in batches of 1000. */
    public INDArray predict(MultiLayerNetwork net, INDArray images) {
        INDArray x = flat(images, "images");
        List<INDArray> parts = new ArrayList<>();
        long n = x.size(0);
        for (long i = 0; i < n; i += 1000) {
            INDArray b = x.get(NDArrayIndex.interval(i, Math.min(n, i + 1000)), NDArrayIndex.all());
            parts.add(net.output(standardise(b), false).castTo(DataType.FLOAT));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /** Fraction of rows of {@code probs} whose largest entry is at the label. */
    public static double accuracy(INDArray probs, int[] labels) {
        if (probs.rank() != 2 || probs.size(0) != labels.length) {
            throw new IllegalArgumentException("probs has shape " + Arrays.toString(probs.shape()) + " but there are "
                    + labels.length + " labels; expected [" + labels.length + ", classes]");
        }
        int[] pred = probs.argMax(1).toIntVector();
        int ok = 0;
        for (int i = 0; i < labels.length; i++) if (pred[i] == labels[i]) ok++;
        return labels.length == 0 ? Double.NaN : (double) ok / labels.length;
    }

    /** The element-wise mean of several models' probabilities (all the same shape). */
    public static INDArray average(List<INDArray> probs) {
        if (probs == null || probs.isEmpty()) throw new IllegalArgumentException("no probabilities to average");
        INDArray sum = probs.get(0).castTo(DataType.FLOAT).dup();
        for (int i = 1; i < probs.size(); i++) {
            if (!Arrays.equals(probs.get(i).shape(), sum.shape())) {
                throw new IllegalArgumentException("probabilities " + i + " have shape " + Arrays.toString(probs.get(i).shape())
                        + ", the first " + Arrays.toString(sum.shape()));
            }
            sum.addi(probs.get(i).castTo(DataType.FLOAT));
        }
        return sum.divi(probs.size());
    }

    /** Test indices the step got wrong, in test-set order. */
    public int[] wrong(Step step) {
        int[] pred = step.testProbs().argMax(1).toIntVector();
        return IntStream.range(0, testY.length).filter(i -> pred[i] != testY[i]).toArray();
    }

    /** Up to {@code max} misclassified test digits in {@code rows} rows, each titled "predicted/true". */
    public BufferedImage misclassified(Step step, int max, int rows) {
        int[] bad = wrong(step);
        if (bad.length == 0) throw new IllegalArgumentException(step.name() + " got every test digit right; nothing to plot");
        int[] show = Arrays.copyOf(bad, Math.min(max, bad.length));
        int[] pred = step.testProbs().argMax(1).toIntVector();
        List<String> titles = new ArrayList<>();
        for (int i : show) titles.add(pred[i] + "/" + testY[i]);
        INDArray imgs = testX.getRows(show).reshape('c', show.length, 1, MnistModels.SIDE, MnistModels.SIDE);
        return Plots.grid(imgs, titles, rows);
    }

    /** Training images (raw 0..1), e.g. to preview augmentation. */
    public INDArray trainImages(int... rows) { return trainX.getRows(rows); }

    private INDArray standardise(INDArray x) {
        return x.castTo(DataType.FLOAT).sub(mean).divi(std);
    }

    /** Images as [n, 784] floats; anything else than 28x28 grey is refused. */
    static INDArray flat(INDArray images, String what) {
        if (images == null) throw new IllegalArgumentException(what + " is null");
        long[] s = images.shape();
        long px = (long) MnistModels.SIDE * MnistModels.SIDE;
        if (s.length == 2 && s[1] == px) return images.castTo(DataType.FLOAT);
        if (s.length == 4 && s[1] == 1 && s[2] == MnistModels.SIDE && s[3] == MnistModels.SIDE) {
            return images.castTo(DataType.FLOAT).reshape('c', s[0], px);
        }
        throw new IllegalArgumentException(what + " must be 28x28 grey digits, as [n, 784] or [n, 1, 28, 28]; got shape "
                + Arrays.toString(s));
    }

    private static int[] labels(INDArray labels, INDArray images, String what, String imagesWhat) {
        if (labels == null) throw new IllegalArgumentException(what + " is null");
        if (labels.length() != images.size(0) || (labels.rank() > 1 && labels.size(0) != labels.length())) {
            throw new IllegalArgumentException(what + " must hold one digit per image: " + imagesWhat + " has " + images.size(0)
                    + " images but " + what + " has shape " + Arrays.toString(labels.shape()));
        }
        int[] y = labels.castTo(DataType.INT32).reshape(labels.length()).toIntVector();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= MnistModels.CLASSES) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + y[i] + " is not a digit 0..9");
            }
        }
        return y;
    }
}

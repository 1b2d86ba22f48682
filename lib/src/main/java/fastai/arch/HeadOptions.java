package fastai.arch;

import java.util.Locale;

import fastai.train.Fit;

/**
 * What every lesson 7 head needs besides its own size: the shape of the feature maps it sits on
 * [channels, height, width], how many classes, Adam's learning rate and the seed. Named, so a call
 * reads {@code Heads.flattenDense(HeadOptions.on(32, 7, 7).classes(2), 128)} instead of a row of
 * numbers.
 */
public record HeadOptions(long channels, long height, long width, int classes, double learningRate, long seed) {
    /** Two classes, Adam at 1e-3, the library's seed. */
    public static final int CLASSES = 2;
    public static final double LEARNING_RATE = 1e-3;

    public HeadOptions {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "feature maps must be at least 1x1x1, got [%d, %d, %d]", channels, height, width));
        }
        if (classes < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
    }

    /** A head on feature maps of {@code channels} x {@code height} x {@code width}. */
    public static HeadOptions on(long channels, long height, long width) {
        return new HeadOptions(channels, height, width, CLASSES, LEARNING_RATE, Fit.SEED);
    }

    public HeadOptions classes(int n) { return new HeadOptions(channels, height, width, n, learningRate, seed); }
    public HeadOptions learningRate(double lr) { return new HeadOptions(channels, height, width, classes, lr, seed); }
    public HeadOptions seed(long s) { return new HeadOptions(channels, height, width, classes, learningRate, s); }
}

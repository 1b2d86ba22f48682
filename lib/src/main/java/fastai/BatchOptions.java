package fastai;

import org.datavec.image.transform.ImageTransform;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import fastai.train.Fit;

/**
 * How {@link Batches} reads a folder: image size and channels, batch size, shuffling, whether
 * the sub-folders are classes, and an optional preprocessing step. Fluent, with the course's
 * defaults (224x224 colour images, shuffled, labelled); every setter returns {@code this}.
 *
 * <pre>{@code getBatches(path, opts().size(28, 28).channels(1).batchSize(32).shuffle(false))}</pre>
 */
public final class BatchOptions {
    private int height = 224;
    private int width = 224;
    private int channels = 3;
    private int batchSize = 64;
    private boolean shuffle = true;
    private boolean labelled = true;
    private long seed = Fit.SEED;
    private DataSetPreProcessor preprocessor;
    private int limitPerClass;
    private ImageTransform transform;
    private boolean skipBad;

    /** The defaults: 224x224, 3 channels, batches of 64, shuffled, labelled, no preprocessing. */
    public static BatchOptions defaults() { return new BatchOptions(); }

    /** Images are resized to {@code height} x {@code width}. */
    public BatchOptions size(int height, int width) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        this.height = height;
        this.width = width;
        return this;
    }

    /** Square images of {@code side} x {@code side}. */
    public BatchOptions size(int side) { return size(side, side); }

    /** 1 (grayscale) or 3 (colour, in DataVec's BGR channel order). */
    public BatchOptions channels(int channels) {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        this.channels = channels;
        return this;
    }

    public BatchOptions batchSize(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    /** Shuffle the order of the images (again at each {@code reset()}); off keeps files in name order. */
    public BatchOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** True (default): each sub-folder is a class and batches carry one-hot labels. */
    public BatchOptions labelled(boolean labelled) {
        this.labelled = labelled;
        return this;
    }

    /** No labels, no shuffling: for a test folder whose predictions must line up with its file names. */
    public BatchOptions unlabelled() {
        this.labelled = false;
        this.shuffle = false;
        return this;
    }

    /** Seed of the shuffling, so a run can be repeated. */
    public BatchOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Applied to every batch (e.g. a model's preprocessing); null for raw pixel values 0..255. */
    public BatchOptions preprocessor(DataSetPreProcessor preprocessor) {
        this.preprocessor = preprocessor;
        return this;
    }

    /**
     * Use at most {@code n} images per class (a fixed random choice, by the seed), like the
     * course's {@code sample/} folders; 0 (default) uses all. For an unlabelled folder it limits
     * the total.
     */
    public BatchOptions limit(int n) {
        if (n < 0) throw new IllegalArgumentException("limit must be >= 0, got " + n);
        this.limitPerClass = n;
        return this;
    }

    /**
     * A DataVec image transform applied to every image as it is read, before resizing (data
     * augmentation, e.g. {@code fastai.augment.Augmentation.course().transform()}); null (default) for none.
     */
    public BatchOptions transform(ImageTransform transform) {
        this.transform = transform;
        return this;
    }

    /**
     * Leave out images that cannot be used (empty, truncated, not an image), with a warning that
     * lists them, instead of refusing the folder with an error that lists them (the default).
     */
    public BatchOptions skipBad() { return skipBad(true); }

    public BatchOptions skipBad(boolean skip) {
        this.skipBad = skip;
        return this;
    }

    public BatchOptions copy() {
        BatchOptions c = new BatchOptions();
        c.height = height; c.width = width; c.channels = channels; c.batchSize = batchSize;
        c.shuffle = shuffle; c.labelled = labelled; c.seed = seed; c.preprocessor = preprocessor; c.limitPerClass = limitPerClass;
        c.transform = transform;
        c.skipBad = skipBad;
        return c;
    }

    public int height() { return height; }
    public int width() { return width; }
    public int channels() { return channels; }
    public int batchSize() { return batchSize; }
    public boolean shuffle() { return shuffle; }
    public boolean labelled() { return labelled; }
    public long seed() { return seed; }
    public DataSetPreProcessor preprocessor() { return preprocessor; }
    public int limit() { return limitPerClass; }
    public ImageTransform transform() { return transform; }
    /** True when unusable images are left out with a warning rather than refused. */
    public boolean skippingBad() { return skipBad; }

    @Override public String toString() {
        return "BatchOptions{" + height + "x" + width + "x" + channels + ", batch " + batchSize
                + (shuffle ? ", shuffled" : "") + (labelled ? ", labelled" : ", unlabelled")
                + (preprocessor != null ? ", preprocessed" : "") + (limitPerClass > 0 ? ", limit " + limitPerClass : "") + (transform != null ? ", transformed" : "") + (skipBad ? ", skipping bad images" : "") + "}";
    }
}

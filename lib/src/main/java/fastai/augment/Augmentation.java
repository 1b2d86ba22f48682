package fastai.augment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.loader.NativeImageLoader;
import org.datavec.image.transform.BaseImageTransform;
import org.datavec.image.transform.ImageTransform;
import org.datavec.image.transform.RotateImageTransform;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import fastai.train.Fit;

/**
 * Random changes to training images, with the settings of the course's Keras
 * {@code ImageDataGenerator} as defaults: rotation up to 10°, width and height shifts up to 10%,
 * shear up to 0.15 rad, zoom ±10%, channel shift ±10 (of 255), and a left-right flip half of the time.
 * Each setting is fluent; 0 turns a change off.
 *
 * <pre>{@code
 * var aug = Augmentation.course().rotation(15).shear(0).channelShift(0);   // the course's training settings
 * var batches = Batches.open(path, model.batchOptions(32).transform(aug.transform()));
 * }</pre>
 *
 * <p>{@link #transform()} is a DataVec {@link ImageTransform}, applied by the image reader to the
 * decoded image before it is resized: DataVec's {@link RotateImageTransform} (rotation and zoom),
 * and our {@link ShiftImageTransform}, {@link ShearImageTransform}, {@link ChannelShiftTransform},
 * {@link HorizontalFlipTransform}. They are chained here rather than in DataVec's
 * {@code PipelineImageTransform}, which re-seeds ND4J's global random generator when made.
 */
public final class Augmentation {
    private double rotation = 10, widthShift = 0.1, heightShift = 0.1, shear = 0.15, zoom = 0.1, channelShift = 10;
    private boolean horizontalFlip = true;
    private long seed = Fit.SEED;

    /** The course's preview settings (see the class comment). */
    public static Augmentation course() { return new Augmentation(); }

    /** Every change off (then switch on what you want). */
    public static Augmentation none() {
        return new Augmentation().rotation(0).widthShift(0).heightShift(0).shear(0).zoom(0).channelShift(0).horizontalFlip(false);
    }

    /** Largest rotation in degrees (either way). */
    public Augmentation rotation(double degrees) { rotation = nonNegative(degrees, "rotation"); return this; }
    /** Largest sideways shift as a fraction of the width. */
    public Augmentation widthShift(double fraction) { widthShift = fraction(fraction, "widthShift"); return this; }
    /** Largest up/down shift as a fraction of the height. */
    public Augmentation heightShift(double fraction) { heightShift = fraction(fraction, "heightShift"); return this; }
    /** Largest shear angle in radians. */
    public Augmentation shear(double radians) {
        if (!(radians >= 0 && radians < Math.PI / 2)) throw new IllegalArgumentException("shear must be in [0, pi/2) radians, got " + radians);
        shear = radians;
        return this;
    }
    /** Zoom factor range: 1 ± {@code range}. */
    public Augmentation zoom(double range) { zoom = fraction(range, "zoom"); return this; }
    /** Largest per-channel offset on the 0..255 scale. */
    public Augmentation channelShift(double intensity) { channelShift = nonNegative(intensity, "channelShift"); return this; }
    public Augmentation horizontalFlip(boolean on) { horizontalFlip = on; return this; }
    /** Seed of the random draws, so a run can be repeated. */
    public Augmentation seed(long s) { seed = s; return this; }

    public double rotation() { return rotation; }
    public double widthShift() { return widthShift; }
    public double heightShift() { return heightShift; }
    public double shear() { return shear; }
    public double zoom() { return zoom; }
    public double channelShift() { return channelShift; }
    public boolean horizontalFlip() { return horizontalFlip; }

    /** The steps as DataVec transforms, each with its own random generator drawn from the seed. */
    public List<ImageTransform> steps() {
        Random seeds = new Random(seed);
        List<ImageTransform> t = new ArrayList<>();
        if (rotation > 0 || zoom > 0) {
            RotateImageTransform r = new RotateImageTransform(new Random(seeds.nextLong()), 0, 0, (float) rotation, (float) zoom);
            r.borderMode(BORDER_REPLICATE);
            t.add(r);
        }
        if (widthShift > 0 || heightShift > 0) t.add(new ShiftImageTransform(new Random(seeds.nextLong()), widthShift, heightShift));
        if (shear > 0) t.add(new ShearImageTransform(new Random(seeds.nextLong()), shear));
        if (channelShift > 0) t.add(new ChannelShiftTransform(new Random(seeds.nextLong()), channelShift));
        if (horizontalFlip) t.add(new HorizontalFlipTransform(new Random(seeds.nextLong()), 0.5));
        return t;
    }

    /** One DataVec transform doing all the steps in order (for {@code BatchOptions.transform}). */
    public ImageTransform transform() { return new Chain(steps()); }

    /** {@code n} augmented versions of one image file, as a batch [n, channels, height, width] of pixels 0..255. */
    public INDArray preview(Path image, int n, int height, int width, int channels) {
        if (!Files.isRegularFile(image)) throw new IllegalArgumentException("image file not found: " + image.toAbsolutePath());
        if (n <= 0) throw new IllegalArgumentException("n must be positive, got " + n);
        NativeImageLoader loader = new NativeImageLoader(height, width, channels, transform());
        INDArray[] imgs = new INDArray[n];
        try {
            for (int i = 0; i < n; i++) imgs[i] = loader.asMatrix(image.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read image " + image.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return Nd4j.concat(0, imgs);
    }

    @Override public String toString() {
        return String.format(Locale.ROOT, "Augmentation{rotation %.0f°, width shift %.2f, height shift %.2f, shear %.2f rad, zoom %.2f, "
                + "channel shift %.0f, horizontal flip %s}", rotation, widthShift, heightShift, shear, zoom, channelShift, horizontalFlip ? "yes" : "no");
    }

    private static double nonNegative(double v, String name) {
        if (!(v >= 0)) throw new IllegalArgumentException(name + " must be >= 0, got " + v);
        return v;
    }

    private static double fraction(double v, String name) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException(name + " must be a fraction in [0, 1), got " + v);
        return v;
    }

    /** Applies transforms one after the other, each with its own random generator. */
    static final class Chain extends BaseImageTransform<Mat> {
        private final List<ImageTransform> steps;

        Chain(List<ImageTransform> steps) {
            super(null);
            this.steps = List.copyOf(steps);
        }

        @Override
        protected ImageWritable doTransform(ImageWritable image, Random random) {
            for (ImageTransform t : steps) image = t.transform(image);
            return image;
        }
    }
}

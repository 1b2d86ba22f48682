package fastai.models;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's input preprocessing: {@code x * scale - mean[channel]}, in place, on NCHW image
 * batches. For VGG16 that is the course's "subtract the ImageNet mean per channel, in BGR
 * order" (see {@link #imagenet()}); for the small base net it is "scale to [0,1], subtract the
 * training mean".
 *
 * <p>Channel order: DataVec's image reader decodes with OpenCV and yields colour channels as
 * B, G, R (channel 0 is blue). Keras' VGG16 weights expect mean-subtracted BGR too, so no
 * reordering is needed: the ImageNet means are simply listed in B, G, R order here.
 */
public final class ImagePreprocessor implements DataSetPreProcessor {
    private static final long serialVersionUID = 1L;

    /** ImageNet channel means in R, G, B order, as published with VGG16. */
    public static final double[] IMAGENET_MEAN_RGB = {123.68, 116.779, 103.939};

    private final double scale;
    private final double[] means;

    /** {@code x * scale - means[c]}; {@code means} has one value per channel (or one for all). */
    public ImagePreprocessor(double scale, double... means) {
        if (means == null || means.length == 0) throw new IllegalArgumentException("give at least one mean");
        this.scale = scale;
        this.means = means.clone();
    }

    /** VGG16's preprocessing for DataVec's BGR batches: subtract 103.939 (B), 116.779 (G), 123.68 (R). */
    public static ImagePreprocessor imagenet() {
        return new ImagePreprocessor(1.0, IMAGENET_MEAN_RGB[2], IMAGENET_MEAN_RGB[1], IMAGENET_MEAN_RGB[0]);
    }

    /** Scale 0..255 pixels to 0..1, then subtract {@code mean} (a mean of already-scaled pixels). */
    public static ImagePreprocessor unitScale(double mean) {
        return new ImagePreprocessor(1.0 / 255.0, mean);
    }

    public double scale() { return scale; }
    public double[] means() { return means.clone(); }

    @Override
    public void preProcess(DataSet ds) {
        apply(ds.getFeatures());
    }

    /** Preprocesses {@code images} ([N, C, H, W]) in place and returns it. */
    public INDArray apply(INDArray images) {
        if (images.rank() != 4) {
            throw new IllegalArgumentException("expected images as [N, channels, height, width], got shape "
                    + Arrays.toString(images.shape()));
        }
        long c = images.size(1);
        if (scale != 1.0) images.muli(scale);
        if (means.length == 1) {
            images.subi(means[0]);
        } else {
            if (means.length != c) {
                throw new IllegalArgumentException("preprocessing has " + means.length + " channel means but the images have "
                        + c + " channels (shape " + Arrays.toString(images.shape()) + ")");
            }
            INDArray m = Nd4j.create(means).castTo(images.dataType());
            Nd4j.getExecutioner().exec(new BroadcastSubOp(images, m, images, 1));
        }
        return images;
    }

    /** A preprocessed copy; the input is left as it is. */
    public INDArray applyCopy(INDArray images) {
        return apply(images.dup());
    }

    @Override public boolean equals(Object o) {
        return o instanceof ImagePreprocessor p && p.scale == scale && Arrays.equals(p.means, means);
    }

    @Override public int hashCode() { return 31 * Double.hashCode(scale) + Arrays.hashCode(means); }

    @Override public String toString() {
        return "x * " + (scale == 1.0 ? "1" : String.format("%.6g", scale)) + " - " + Arrays.toString(means);
    }
}

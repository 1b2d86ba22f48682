package fastai.augment;

import java.util.Random;

import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;
import org.bytedeco.javacpp.indexer.DoubleIndexer;

/**
 * Base of our geometric transforms: each draws a 2x3 affine matrix (output pixel = M · input
 * pixel) and OpenCV's {@code warpAffine} applies it. Pixels from outside the image repeat the
 * nearest edge pixel, as Keras' {@code fill_mode='nearest'} did.
 */
abstract class AffineTransform extends BaseImageTransform<Mat> {
    private int borderMode = BORDER_REPLICATE;

    AffineTransform(Random random) {
        super(random);
        this.converter = new OpenCVFrameConverter.ToMat();
    }

    /** OpenCV border mode for pixels from outside (default replicate; {@code BORDER_CONSTANT} fills black). */
    public AffineTransform borderMode(int mode) { this.borderMode = mode; return this; }

    /** The matrix {a, b, c, d, e, f}: x' = a x + b y + c, y' = d x + e y + f, for an image of {@code w} x {@code h}. */
    abstract double[] matrix(int w, int h, Random random);

    /** A uniform draw in [-1, 1], or 1 without a random generator (the fixed, largest setting). */
    static double unit(Random random) { return random == null ? 1 : 2 * random.nextDouble() - 1; }

    @Override
    protected ImageWritable doTransform(ImageWritable image, Random random) {
        if (image == null) return null;
        Mat mat = converter.convert(image.getFrame());
        double[] m = matrix(mat.cols(), mat.rows(), random);
        Mat M = new Mat(2, 3, CV_64F);
        var idx = M.<DoubleIndexer>createIndexer();
        for (int i = 0; i < 6; i++) idx.put(i / 3, i % 3, m[i]);
        Mat out = new Mat();
        warpAffine(mat, out, M, new Size(mat.cols(), mat.rows()), INTER_LINEAR, borderMode, Scalar.ZERO);
        return new ImageWritable(converter.convert(out));
    }
}

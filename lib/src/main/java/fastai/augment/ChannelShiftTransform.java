package fastai.augment;

import java.util.Random;

import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;

import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.split;

/**
 * Adds a random constant to each colour channel (one draw per channel, uniform in
 * ±{@code intensity}, on the 0..255 scale), clipped to 0..255: Keras' {@code channel_shift_range}.
 * DataVec has no such transform. On a grey image it is a brightness change.
 */
public final class ChannelShiftTransform extends BaseImageTransform<Mat> {
    private final double intensity;
    private final double[] fixed;

    public ChannelShiftTransform(Random random, double intensity) {
        super(random);
        if (random == null) throw new IllegalArgumentException("random must not be null (use the fixed-offsets constructor)");
        if (!(intensity >= 0)) throw new IllegalArgumentException("channel shift intensity must be >= 0, got " + intensity);
        this.intensity = intensity;
        this.fixed = null;
        this.converter = new OpenCVFrameConverter.ToMat();
    }

    /** Fixed offsets, one per channel (in the image's channel order, BGR for colour). */
    public ChannelShiftTransform(double... offsets) {
        super(null);
        if (offsets.length == 0) throw new IllegalArgumentException("give at least one channel offset");
        this.intensity = 0;
        this.fixed = offsets.clone();
        this.converter = new OpenCVFrameConverter.ToMat();
    }

    @Override
    protected ImageWritable doTransform(ImageWritable image, Random random) {
        if (image == null) return null;
        Mat mat = converter.convert(image.getFrame());
        MatVector channels = new MatVector();
        split(mat, channels);
        if (fixed != null && fixed.length != channels.size()) {
            throw new IllegalArgumentException("image has " + channels.size() + " channels but " + fixed.length + " offsets were given");
        }
        MatVector shifted = new MatVector(channels.size());
        for (int c = 0; c < channels.size(); c++) {
            double off = fixed != null ? fixed[c] : intensity * (2 * (random != null ? random.nextDouble() : 1) - 1);
            Mat out = new Mat();
            channels.get(c).convertTo(out, -1, 1.0, off);   // saturates to the pixel type's range (0..255)
            shifted.put(c, out);
        }
        Mat result = new Mat();
        merge(shifted, result);
        return new ImageWritable(converter.convert(result));
    }
}

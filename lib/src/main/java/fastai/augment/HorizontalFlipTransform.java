package fastai.augment;

import java.util.Random;

import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;
import org.datavec.image.transform.FlipImageTransform;

/**
 * Mirrors the image left-right with probability {@code p} (DataVec's {@link FlipImageTransform}
 * in its horizontal mode). DataVec's own random mode also flips upside down, which the course
 * avoided for photos, hence this wrapper.
 */
public final class HorizontalFlipTransform extends BaseImageTransform<Object> {
    private final FlipImageTransform flip = new FlipImageTransform(1);
    private final double p;

    public HorizontalFlipTransform(Random random, double p) {
        super(random);
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("flip probability p must be in [0, 1], got " + p);
        this.p = p;
    }

    /** Always flips. */
    public HorizontalFlipTransform() { this(null, 1); }

    @Override
    protected ImageWritable doTransform(ImageWritable image, Random random) {
        if (image == null) return null;
        boolean doIt = random == null ? p > 0 : random.nextDouble() < p;
        return doIt ? flip.transform(image) : image;
    }
}

package fastai.augment;

import java.util.Random;

/**
 * Moves the image sideways and up/down: Keras' {@code width_shift_range}/{@code height_shift_range}.
 * With a random generator the shift is drawn uniformly up to a fraction of the width/height;
 * without one it is a fixed number of pixels (positive = right/down).
 */
public final class ShiftImageTransform extends AffineTransform {
    private final double fx, fy;
    private final double px, py;

    /** Random shifts up to {@code widthFraction} of the width and {@code heightFraction} of the height. */
    public ShiftImageTransform(Random random, double widthFraction, double heightFraction) {
        super(random);
        if (random == null) throw new IllegalArgumentException("random must not be null (use the pixel constructor for a fixed shift)");
        if (widthFraction < 0 || heightFraction < 0) {
            throw new IllegalArgumentException("shift fractions must be >= 0, got " + widthFraction + ", " + heightFraction);
        }
        this.fx = widthFraction; this.fy = heightFraction; this.px = 0; this.py = 0;
    }

    /** A fixed shift by {@code dx} pixels right and {@code dy} pixels down. */
    public ShiftImageTransform(int dx, int dy) {
        super(null);
        this.fx = 0; this.fy = 0; this.px = dx; this.py = dy;
    }

    @Override
    double[] matrix(int w, int h, Random random) {
        double dx = random == null ? px : Math.round(fx * w * unit(random));
        double dy = random == null ? py : Math.round(fy * h * unit(random));
        return new double[] {1, 0, dx, 0, 1, dy};
    }
}

package fastai.augment;

import java.util.Random;

/**
 * Slants the image: each row moves sideways in proportion to its distance from the centre row,
 * by {@code tan(angle)} pixels per row, the image's centre staying put. Keras'
 * {@code shear_range} (an angle in radians). Random angles are uniform in ±{@code maxAngle}; without
 * a random generator the angle is {@code maxAngle} itself.
 */
public final class ShearImageTransform extends AffineTransform {
    private final double maxAngle;

    public ShearImageTransform(Random random, double maxAngleRadians) {
        super(random);
        if (!(Math.abs(maxAngleRadians) < Math.PI / 2)) {
            throw new IllegalArgumentException("shear angle must be in (-pi/2, pi/2) radians, got " + maxAngleRadians);
        }
        if (random != null && maxAngleRadians < 0) throw new IllegalArgumentException("shear range must be >= 0, got " + maxAngleRadians);
        this.maxAngle = maxAngleRadians;
    }

    /** A fixed shear by {@code angleRadians}. */
    public ShearImageTransform(double angleRadians) { this(null, angleRadians); }

    @Override
    double[] matrix(int w, int h, Random random) {
        double k = Math.tan(maxAngle * unit(random));
        double cy = (h - 1) / 2.0;
        return new double[] {1, k, -k * cy, 0, 1, 0};
    }
}

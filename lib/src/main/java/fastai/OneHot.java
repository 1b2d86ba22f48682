package fastai;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class indices to one-hot rows (the course's {@code onehot}, what Keras wants as labels). */
public final class OneHot {
    private OneHot() { }

    /** One row per label, {@code numClasses} columns, a 1 in the label's column (float). */
    public static INDArray encode(int[] labels, int numClasses) {
        INDArray out = Nd4j.zeros(DataType.FLOAT, labels.length, numClasses);
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l < 0 || l >= numClasses) {
                throw new IllegalArgumentException("label " + l + " at position " + i + " is outside 0.." + (numClasses - 1));
            }
            out.putScalar(i, l, 1f);
        }
        return out;
    }

    /** As {@link #encode(int[], int)} with as many classes as the largest label + 1. */
    public static INDArray encode(int[] labels) {
        int max = -1;
        for (int l : labels) max = Math.max(max, l);
        return encode(labels, Math.max(max + 1, 1));
    }

    /** Labels given as a vector of whole numbers (any numeric type). */
    public static INDArray encode(INDArray labels) {
        return encode(labels.ravel().toIntVector());
    }

    public static INDArray encode(INDArray labels, int numClasses) {
        return encode(labels.ravel().toIntVector(), numClasses);
    }

    /** The column of the largest value in each row (one-hot or probabilities back to indices). */
    public static int[] decode(INDArray rows) {
        return rows.argMax(1).toIntVector();
    }
}

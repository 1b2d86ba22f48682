package fastai.rnn;

/**
 * One named parameter of a from-scratch model: its values and the gradient of the loss with
 * respect to them, both as {@code double[][]} of the same shape. A bias vector is stored as a
 * matrix with one row that <em>shares</em> the model's {@code double[]}, so the model keeps using
 * plain vectors while the optimizer and the gradient check see every parameter the same way.
 */
public final class Param {
    public final String name;
    public final double[][] value;
    public final double[][] grad;

    public Param(String name, double[][] value, double[][] grad) {
        if (value.length != grad.length || value[0].length != grad[0].length) {
            throw new IllegalArgumentException(name + ": value and gradient shapes differ");
        }
        this.name = name;
        this.value = value;
        this.grad = grad;
    }

    /** A bias vector and its gradient, seen as 1×n matrices over the same arrays. */
    public static Param vector(String name, double[] value, double[] grad) {
        return new Param(name, new double[][] {value}, new double[][] {grad});
    }

    public int rows() {
        return value.length;
    }

    public int cols() {
        return value[0].length;
    }

    /** Number of entries. */
    public int size() {
        return rows() * cols();
    }

    public void zeroGrad() {
        Mat.fill(grad, 0);
    }

    @Override
    public String toString() {
        return name + " " + rows() + "×" + cols();
    }
}

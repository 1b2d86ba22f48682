package fastai.mnist;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Labelled digit images as arrays: images FLOAT [n, rows*cols] in [0,1], labels INT32 [n] with
 * values 0..9. The MNIST reader's {@code fastai.datasets.Mnist.Split} is one; the library asks for
 * this interface so that {@code lib/} does not depend on the {@code datasets/} source root.
 */
public interface Digits {
    INDArray images();
    INDArray labels();
    int rows();
    int cols();

    default int count() { return (int) images().size(0); }
}

package fastai.arch;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.image.ResizeBilinear;
import org.nd4j.linalg.factory.Nd4j;

/** Bilinear resizing of an image batch, with ND4J's own resize op (which wants channels last). */
public final class Resize {
    private Resize() { }

    /** [N, C, H, W] → [N, C, height, width], bilinear. */
    public static INDArray bilinear(INDArray nchw, int height, int width) {
        if (nchw.rank() != 4) throw new IllegalArgumentException("images must be [N, C, H, W], got rank " + nchw.rank());
        if (height < 1 || width < 1) throw new IllegalArgumentException("height and width must be positive, got " + height + "x" + width);
        INDArray nhwc = nchw.castTo(DataType.FLOAT).permute(0, 2, 3, 1).dup('c');
        // the op needs its output array given (the constructor without one fails in M2.1); half-pixel centres as TF2/PIL
        INDArray out = Nd4j.create(DataType.FLOAT, nhwc.size(0), height, width, nhwc.size(3));
        Nd4j.exec(new ResizeBilinear(nhwc, out, height, width, false, true));
        return out.permute(0, 3, 1, 2).dup('c');
    }
}

package fastai.onednn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.global.dnnl;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** oneDNN's presets load beside ND4J, and ND4J arrays (views included) are wrapped at the right address. */
class DnnlTest {
    @Test
    void copiesAViewWithAnOffsetThroughOneDnn() {
        Assumptions.assumeTrue(Dnnl.available(), Dnnl.unavailableReason());
        INDArray big = Nd4j.linspace(DataType.FLOAT, 0, 60, 1).reshape(3, 4, 5);
        INDArray x = big.get(NDArrayIndex.point(1));   // elements 20..39, a view 20 floats into the buffer
        INDArray y = Nd4j.create(DataType.FLOAT, 4, 5);
        memory.desc d = Dnnl.desc(new long[] {4, 5}, memory.format_tag.nc);
        memory from = Dnnl.wrap(d, x), to = Dnnl.wrap(d, y);
        Dnnl.run(new reorder(from, to), Map.of(dnnl.DNNL_ARG_FROM, from, dnnl.DNNL_ARG_TO, to));
        assertEquals(20f, y.getFloat(0, 0));
        assertEquals(39f, y.getFloat(3, 4));
        assertEquals(0.0, x.sub(y).amaxNumber().doubleValue());
    }

    @Test
    void refusesAStridedView() {
        Assumptions.assumeTrue(Dnnl.available(), Dnnl.unavailableReason());
        INDArray t = Nd4j.create(DataType.FLOAT, 4, 5).transpose();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dnnl.address(t));
        assertTrue(e.getMessage().contains("dense C-order"), e.getMessage());
        assertFalse(Dnnl.plainC(Nd4j.create(DataType.DOUBLE, 2, 2)), "doubles are not wrapped");
        assertFalse(Dnnl.plainC(Nd4j.create(DataType.FLOAT, new long[] {3, 4}, 'f')), "an 'f'-order matrix is not C order");
    }

    @Test
    void takesADenseVectorWhateverItsOrderingFlag() {
        Assumptions.assumeTrue(Dnnl.available(), Dnnl.unavailableReason());
        // DL4J's bias gradient views: 'f'-ordered slices of the flat gradient, dense all the same
        INDArray flat = Nd4j.arange(10).castTo(DataType.FLOAT).reshape(1, 10);
        INDArray bias = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 8));
        INDArray fVector = Nd4j.create(DataType.FLOAT, new long[] {1, 5}, 'f');
        assertTrue(Dnnl.plainC(bias), "a dense 1-D view");
        assertTrue(Dnnl.plainC(fVector), "a row vector in 'f' order");
        INDArray out = Nd4j.create(DataType.FLOAT, 4);
        memory.desc d = Dnnl.desc(new long[] {4}, memory.format_tag.x);
        memory from = Dnnl.wrap(d, bias), to = Dnnl.wrap(d, out);
        Dnnl.run(new reorder(from, to), Map.of(dnnl.DNNL_ARG_FROM, from, dnnl.DNNL_ARG_TO, to));
        assertEquals(Nd4j.createFromArray(4f, 5f, 6f, 7f), out, "the view's own elements, from its offset");
        assertFalse(Dnnl.plainC(flat.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 10))), "every second element is not dense");
    }
}

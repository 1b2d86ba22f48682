package fastai.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import fastai.Utils;

class ArrayFilesTest {
    @TempDir Path tmp;

    private void roundTrip(INDArray a, String name) {
        Path f = Utils.saveArray(tmp.resolve(name), a);
        INDArray b = Utils.loadArray(f);
        assertEquals(a.dataType(), b.dataType(), name);
        assertArrayEquals(a.shape(), b.shape(), name);
        assertEquals(a, b, name);
    }

    @Test
    void exactRoundTripForTypesAndShapes() {
        roundTrip(Nd4j.rand(DataType.FLOAT, 3, 4).muli(1e6), "f.npy");
        roundTrip(Nd4j.rand(DataType.DOUBLE, 7).muli(Math.PI), "d.npy");
        roundTrip(Nd4j.createFromArray(new int[][] {{1, -2, 3}, {Integer.MAX_VALUE, Integer.MIN_VALUE, 0}}), "i.npy");
        roundTrip(Nd4j.createFromArray(new long[] {Long.MAX_VALUE, -1L, 42L}), "l.npy");
        roundTrip(Nd4j.rand(DataType.FLOAT, 2, 3, 5, 4), "four.npy");
        roundTrip(Nd4j.scalar(2.5), "scalar.npy");
        INDArray d = Nd4j.create(new double[] {1.0 / 3, 1e-300, -0.0, Double.MAX_VALUE});
        roundTrip(d, "exact.npy");
        assertEquals(1.0 / 3, Utils.loadArray(tmp.resolve("exact.npy")).getDouble(0), 0.0);
    }

    @Test
    void viewsAndFortranOrderAreSavedAsTheirValues() {
        INDArray base = Nd4j.rand(DataType.FLOAT, 6, 8);
        INDArray view = base.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 7));
        roundTrip(view, "view.npy");
        roundTrip(Nd4j.rand(DataType.DOUBLE, new long[] {3, 4}).dup('f'), "fortran.npy");
        roundTrip(base.transpose(), "transposed.npy");
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTempFiles() throws Exception {
        Path f = tmp.resolve("sub/dir/a.npy");
        Utils.saveArray(f, Nd4j.ones(3));
        Utils.saveArray(f, Nd4j.zeros(DataType.INT, 2, 2));
        assertEquals(Nd4j.zeros(DataType.INT, 2, 2), Utils.loadArray(f));
        try (var s = Files.list(f.getParent())) { assertEquals(1, s.count()); }
    }

    @Test
    void wrongFileGivesOneLineErrorNamingIt() throws Exception {
        Path txt = Files.writeString(tmp.resolve("notes.npy"), "hello, not an array at all");
        var e = assertThrows(IllegalArgumentException.class, () -> Utils.loadArray(txt));
        assertEquals(txt + " is not a saved array file (no .npy header)", e.getMessage());

        Path good = Utils.saveArray(tmp.resolve("good.npy"), Nd4j.rand(DataType.FLOAT, 100));
        byte[] all = Files.readAllBytes(good);
        Path cut = Files.write(tmp.resolve("cut.npy"), java.util.Arrays.copyOf(all, all.length - 40));
        var e2 = assertThrows(IllegalArgumentException.class, () -> Utils.loadArray(cut));
        assertTrue(e2.getMessage().startsWith(cut + " is truncated"), e2.getMessage());

        Path missing = tmp.resolve("missing.npy");
        var e3 = assertThrows(IllegalArgumentException.class, () -> Utils.loadArray(missing));
        assertTrue(e3.getMessage().contains(missing.toString()), e3.getMessage());
    }

    @Test
    void onehot() {
        INDArray o = Utils.onehot(new int[] {2, 0, 1, 2});
        assertEquals(Nd4j.createFromArray(new float[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), o);
        assertEquals(o, Utils.onehot(Nd4j.createFromArray(2.0, 0.0, 1.0, 2.0)));
        assertArrayEquals(new long[] {2, 5}, Utils.onehot(new int[] {1, 3}, 5).shape());
        assertThrows(IllegalArgumentException.class, () -> Utils.onehot(new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> Utils.onehot(new int[] {4}, 3));
    }
}

package fastai.onednn;

import java.util.HashMap;
import java.util.Map;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * oneDNN itself, through its Java presets ({@code org.bytedeco:dnnl}), beside ND4J: one CPU engine,
 * one stream per thread, and ND4J arrays wrapped as oneDNN memory without copying.
 *
 * <p>libnd4j calls oneDNN too, but rebuilds every primitive descriptor and reorders every array on
 * each call. The helpers of this package build a primitive once per shape and keep it; this class is
 * what they share. Only plain C-order float arrays are wrapped: a view with other strides is refused
 * (the caller copies it with {@code dup('c')}), because oneDNN would read the wrong elements.
 */
public final class Dnnl {
    private Dnnl() { }

    private static volatile Boolean available;
    private static String unavailableReason = "";
    private static engine cpu;
    private static final ThreadLocal<stream> STREAMS = new ThreadLocal<>();

    /** Whether oneDNN's presets load on this machine (and the backend is ND4J's CPU one); never throws. */
    public static boolean available() {
        Boolean a = available;
        if (a != null) return a;
        synchronized (Dnnl.class) {
            if (available == null) {
                try {
                    cpu = new engine(engine.kind.cpu, 0);
                    available = true;
                } catch (Throwable e) {   // UnsatisfiedLinkError, NoClassDefFoundError: no presets here
                    unavailableReason = e.toString();
                    available = false;
                }
            }
            return available;
        }
    }

    /** Why {@link #available()} is false, or "" when it is true. */
    public static String unavailableReason() {
        available();
        return unavailableReason;
    }

    /** The one CPU engine. */
    public static engine engine() {
        if (!available()) throw new IllegalStateException("oneDNN presets did not load: " + unavailableReason);
        return cpu;
    }

    /** This thread's stream: oneDNN streams must not be shared between threads that execute at once. */
    public static stream stream() {
        stream s = STREAMS.get();
        if (s == null) {
            s = new stream(engine());
            STREAMS.set(s);
        }
        return s;
    }


    /** A plain descriptor: {@code dims} in the given layout (nchw, oihw, x, nc ...). */
    public static memory.desc desc(long[] dims, memory.format_tag tag) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }

    /** True when {@code a} is a dense C-order array that oneDNN can read as a plain layout. */
    public static boolean plainC(INDArray a) {
        // The strides decide, not the ordering flag: DL4J's bias and gradient views of vectors are 'f'-ordered
        // but as dense as a 'c' array, and copying them cost two ops per layer and step.
        if (a.dataType() != DataType.FLOAT) return false;
        long[] shape = a.shape(), stride = a.stride();
        long expect = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expect) return false;
            expect *= shape[i];
        }
        return true;
    }

    /** The address of {@code a}'s first element, as a pointer oneDNN can use (no copy). */
    public static Pointer address(INDArray a) {
        if (!plainC(a)) throw new IllegalArgumentException("oneDNN needs a dense C-order FLOAT array, got "
                + a.dataType() + " " + a.ordering() + " shape " + java.util.Arrays.toString(a.shape())
                + " stride " + java.util.Arrays.toString(a.stride()));
        return rawAddress(a);
    }

    /** The address of {@code a}'s first element, whatever its layout. */
    private static Pointer rawAddress(INDArray a) {
        // A view's buffer already points at its own first element (its offset is applied in addressPointer);
        // any offset of the array beyond its buffer's is added here.
        long at = a.data().addressPointer().address() + (a.offset() - a.data().offset()) * a.data().getElementSize();
        return new Pointer() {
            { address = at; }
        };
    }

    /**
     * The address of {@code a}'s first element for memory with descriptor {@code md}, for a layout other than plain
     * C order (an 'f'-order matrix as {@code ba}, say): the caller has checked that {@code md} describes {@code a}'s
     * strides; here only the type and the size are checked.
     */
    public static Pointer addressAs(memory.desc md, INDArray a) {
        if (a.dataType() != DataType.FLOAT || md.get_size() != a.length() * 4) {
            throw new IllegalArgumentException("oneDNN memory of " + md.get_size() + " bytes cannot wrap " + a.dataType()
                    + " shape " + java.util.Arrays.toString(a.shape()));
        }
        return rawAddress(a);
    }

    /** {@code a} as oneDNN memory with descriptor {@code md}; valid while {@code a} is alive and not moved. */
    public static memory wrap(memory.desc md, INDArray a) {
        return new memory(md, engine(), address(a));
    }

    /**
     * A map per thread that keeps the {@code max} most recently used entries: the helpers' primitives per shape
     * (a net sees one or two batch sizes, the last batch being smaller) and the memory objects pointed at one call's arrays.
     */
    static <K, V> ThreadLocal<Map<K, V>> perThreadLru(int max) {
        return ThreadLocal.withInitial(() -> new java.util.LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        });
    }

    /** One line per shape: its key and what {@code impl} says of its plan (oneDNN's implementations chosen), for reports. */
    static <P> String describe(Map<String, P> plans, java.util.function.Function<P, String> impl) {
        StringBuilder b = new StringBuilder();
        plans.forEach((k, p) -> b.append(k).append(": ").append(impl.apply(p)).append('\n'));
        return b.toString();
    }

    /**
     * Argument maps for {@link #run}, per thread and per set of argument kinds. Allocating a JavaCPP object costs
     * more than the map: with ND4J's physical-memory limit set, each allocation asks the system for the process's
     * memory use (3% of a batch-norm MNIST step when every call made its own map). A map here always gets the same
     * keys, so each call overwrites all of its entries.
     */
    private static final ThreadLocal<Map<java.util.Set<Integer>, IntMemoryMap>> ARGS = ThreadLocal.withInitial(HashMap::new);

    /** Runs {@code p} with {@code args} (DNNL_ARG_* to memory) on this thread's stream and waits for it. */
    public static void run(primitive p, Map<Integer, memory> args) {
        IntMemoryMap m = ARGS.get().computeIfAbsent(java.util.Set.copyOf(args.keySet()), k -> new IntMemoryMap());
        for (Map.Entry<Integer, memory> e : args.entrySet()) m.put(e.getKey(), e.getValue());
        stream s = stream();
        p.execute(s, m);
        s._wait();
    }
}

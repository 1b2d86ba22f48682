package fastai.onednn;

import org.bytedeco.dnnl.memory;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Scratch buffers for the blocked copies and scratch outputs of {@link DnnlPoolingHelper}
 * and {@link DnnlBatchNormHelper}, one set per thread, shared by all layers that thread runs.
 *
 * <p>Kept per layer they would cost 2.5-4 times each pooling or batch-norm layer's input for the whole
 * life of the net (about 2 GB for VGG16 training at batch 32); the layers of a net run one after the
 * other, so one buffer per slot (grown to the largest layer) serves them all. A slot remembers which
 * helper last wrote it and for which input, so a backward can still reuse its forward's copy when no
 * other layer ran in between on the same thread.
 */
final class DnnlScratch {
    private DnnlScratch() { }

    static final int SRC = 0, DST = 1, DIFF_DST = 2, DIFF_SRC = 3;

    private static final class Slot {
        BytePointer buffer;
        long capacity;
        long aligned;
        Object owner;
        String key;
    }

    private static final ThreadLocal<Slot[]> SLOTS = ThreadLocal.withInitial(() -> {
        Slot[] s = new Slot[4];
        for (int i = 0; i < s.length; i++) s[i] = new Slot();
        return s;
    });

    /** oneDNN memory with descriptor {@code d} over this thread's buffer {@code slot}, whose content is now nobody's. */
    static memory fresh(int slot, memory.desc d) {
        Slot s = SLOTS.get()[slot];
        s.owner = null;
        s.key = null;
        return over(s, d);
    }

    /** As {@link #fresh}, but the content stays as it is: for a slot that {@link #holds} what the caller wants. */
    static memory kept(int slot, memory.desc d) {
        return over(SLOTS.get()[slot], d);
    }

    /** Notes that {@code owner} has just written the content for input {@code key} into {@code slot}. */
    static void mark(int slot, Object owner, String key) {
        Slot s = SLOTS.get()[slot];
        s.owner = owner;
        s.key = key;
    }

    /** Whether {@code slot} still holds what {@code owner} wrote there for input {@code key}. */
    static boolean holds(int slot, Object owner, String key) {
        Slot s = SLOTS.get()[slot];
        return s.owner == owner && key.equals(s.key);
    }

    /** The address of this thread's buffer {@code slot}, grown to hold {@code d}; its content is now nobody's. */
    static Pointer address(int slot, memory.desc d) {
        Slot s = SLOTS.get()[slot];
        s.owner = null;
        s.key = null;
        grow(s, d);
        long at = s.aligned;
        return new Pointer() {
            { address = at; }
        };
    }

    private static void grow(Slot s, memory.desc d) {
        long need = d.get_size();
        if (s.capacity < need) {
            if (s.buffer != null) s.buffer.close();
            s.buffer = new BytePointer(need + 64);
            s.capacity = need;
            s.aligned = (s.buffer.address() + 63) & ~63L;   // oneDNN's kernels like 64-byte alignment
            s.owner = null;
            s.key = null;
        }
    }

    private static memory over(Slot s, memory.desc d) {
        grow(s, d);
        long at = s.aligned;
        return new memory(d, Dnnl.engine(), new Pointer() {
            { address = at; }
        });
    }
}

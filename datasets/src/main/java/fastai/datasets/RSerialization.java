package fastai.datasets;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of R's binary serialization format (XDR, versions 2 and 3), enough for data: vectors
 * (logical, integer, double, character, list), attributes (names, class, levels, row.names),
 * symbols, pairlists, environments and the ALTREP compact sequences and wrappers that R 3.5+ writes.
 * It is what {@code saveRDS}, {@code save} and R's lazy-load databases ({@link RLazyLoadDb}) hold.
 * Layout from R's {@code src/main/serialize.c}.
 */
public final class RSerialization {
    // SEXP types
    static final int NILSXP = 0, SYMSXP = 1, LISTSXP = 2, CLOSXP = 3, ENVSXP = 4, PROMSXP = 5, LANGSXP = 6,
            CHARSXP = 9, LGLSXP = 10, INTSXP = 13, REALSXP = 14, CPLXSXP = 15, STRSXP = 16, DOTSXP = 17,
            VECSXP = 19, EXPRSXP = 20, RAWSXP = 24;
    // pseudo types of the stream
    static final int REFSXP = 255, NILVALUE_SXP = 254, GLOBALENV_SXP = 253, UNBOUNDVALUE_SXP = 252,
            MISSINGARG_SXP = 251, BASENAMESPACE_SXP = 250, EMPTYENV_SXP = 242, BASEENV_SXP = 241,
            ATTRLANGSXP = 240, ATTRLISTSXP = 239, ALTREP_SXP = 238;

    /** R's NA for integers (and factors, logicals). */
    public static final int NA_INTEGER = Integer.MIN_VALUE;

    /**
     * One R object. {@code data} is an {@code int[]} (logical, integer, factor codes), {@code double[]},
     * {@code String[]} (character; {@code null} is NA), {@code List<RObject>} (list, pairlist values),
     * a {@code String} (symbol), or {@code null} (NULL and what this reader does not keep).
     * A pairlist's element names are in {@code tags}.
     */
    public record RObject(int type, Object data, Map<String, RObject> attributes, List<String> tags) {
        public static final RObject NULL = new RObject(NILSXP, null, Map.of(), List.of());

        public RObject attr(String name) { return attributes.get(name); }

        /** The attribute {@code name} as strings, or an empty array. */
        public String[] stringAttr(String name) {
            RObject a = attributes.get(name);
            return a != null && a.data instanceof String[] s ? s : new String[0];
        }

        public boolean inherits(String cls) {
            for (String c : stringAttr("class")) if (c.equals(cls)) return true;
            return false;
        }

        @SuppressWarnings("unchecked")
        public List<RObject> list() {
            if (data instanceof List<?> l) return (List<RObject>) l;
            throw new IllegalStateException("an R object of type " + type + " is not a list");
        }

        /** The element called {@code name} of a named list (a data frame's column), or null. */
        public RObject get(String name) {
            String[] names = stringAttr("names");
            for (int i = 0; i < names.length; i++) if (name.equals(names[i])) return list().get(i);
            return null;
        }

        public int length() {
            if (data instanceof int[] a) return a.length;
            if (data instanceof double[] a) return a.length;
            if (data instanceof String[] a) return a.length;
            if (data instanceof List<?> a) return a.size();
            return 0;
        }
    }

    private final DataInputStream in;
    private final List<RObject> refs = new ArrayList<>();

    private RSerialization(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** Reads one serialized object (starting with the {@code X\n} format header). */
    public static RObject read(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes));
    }

    public static RObject read(InputStream stream) throws IOException {
        RSerialization r = new RSerialization(stream);
        int f1 = r.in.readUnsignedByte(), f2 = r.in.readUnsignedByte();
        if (f1 != 'X' || f2 != '\n') {
            throw new IOException("not R's XDR serialization (the stream starts with bytes " + f1 + " " + f2 + ", expected 'X\\n')");
        }
        int version = r.in.readInt();
        r.in.readInt(); // R version that wrote it
        r.in.readInt(); // oldest R version that can read it
        if (version == 3) {
            int n = r.in.readInt();
            r.in.skipNBytes(n); // native encoding name
        } else if (version != 2) {
            throw new IOException("R serialization version " + version + " is not supported (2 and 3 are)");
        }
        return r.item();
    }

    private RObject item() throws IOException {
        return item(in.readInt());
    }

    private RObject item(int flags) throws IOException {
        int type = flags & 0xFF;
        int levels = flags >>> 12;
        boolean hasAttr = (flags & (1 << 9)) != 0, hasTag = (flags & (1 << 10)) != 0;
        switch (type) {
            case NILVALUE_SXP: return RObject.NULL;
            case EMPTYENV_SXP: case BASEENV_SXP: case GLOBALENV_SXP: case UNBOUNDVALUE_SXP:
            case MISSINGARG_SXP: case BASENAMESPACE_SXP:
                return new RObject(type, null, Map.of(), List.of());
            case REFSXP: {
                int i = flags >>> 8;
                if (i == 0) i = in.readInt();
                if (i < 1 || i > refs.size()) throw new IOException("bad reference " + i + " in the R stream");
                return refs.get(i - 1);
            }
            case SYMSXP: {
                RObject name = item(); // a CHARSXP
                RObject sym = new RObject(SYMSXP, name.data, Map.of(), List.of());
                refs.add(sym);
                return sym;
            }
            case ENVSXP: {
                in.readInt(); // locked
                RObject env = new RObject(ENVSXP, null, Map.of(), List.of());
                refs.add(env);
                item(); item(); item(); item(); // enclosure, frame, hash table, attributes
                return env;
            }
            case LISTSXP: case LANGSXP: case CLOSXP: case PROMSXP: case DOTSXP: case ATTRLANGSXP: case ATTRLISTSXP:
                return pairlist(type, hasAttr, hasTag);
            case CHARSXP: {
                int n = in.readInt();
                if (n == -1) return new RObject(CHARSXP, null, Map.of(), List.of());
                byte[] b = new byte[n];
                in.readFully(b);
                boolean latin1 = (levels & (1 << 2)) != 0;
                return new RObject(CHARSXP, new String(b, latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8), Map.of(), List.of());
            }
            case LGLSXP: case INTSXP: {
                int[] v = new int[length()];
                for (int i = 0; i < v.length; i++) v[i] = in.readInt();
                return withAttributes(type, v, hasAttr);
            }
            case REALSXP: {
                double[] v = new double[length()];
                for (int i = 0; i < v.length; i++) v[i] = in.readDouble();
                return withAttributes(type, v, hasAttr);
            }
            case CPLXSXP: {
                double[] v = new double[2 * length()];
                for (int i = 0; i < v.length; i++) v[i] = in.readDouble();
                return withAttributes(type, v, hasAttr);
            }
            case RAWSXP: {
                byte[] b = new byte[length()];
                in.readFully(b);
                return withAttributes(type, b, hasAttr);
            }
            case STRSXP: {
                String[] v = new String[length()];
                for (int i = 0; i < v.length; i++) v[i] = (String) item().data;
                return withAttributes(type, v, hasAttr);
            }
            case VECSXP: case EXPRSXP: {
                int n = length();
                List<RObject> v = new ArrayList<>(n);
                for (int i = 0; i < n; i++) v.add(item());
                return withAttributes(type, v, hasAttr);
            }
            case ALTREP_SXP:
                return altrep();
            default:
                throw new IOException("R object type " + type + " is not supported by this reader (it reads data: vectors, lists, factors, data frames)");
        }
    }

    private int length() throws IOException {
        int n = in.readInt();
        if (n != -1) return n;
        long big = ((long) in.readInt() << 32) | (in.readInt() & 0xFFFFFFFFL);
        if (big > Integer.MAX_VALUE - 8) throw new IOException("an R vector of " + big + " elements is too long for Java");
        return (int) big;
    }

    private RObject withAttributes(int type, Object data, boolean hasAttr) throws IOException {
        Map<String, RObject> attrs = hasAttr ? attributes(item()) : Map.of();
        return new RObject(type, data, attrs, List.of());
    }

    private static Map<String, RObject> attributes(RObject pairlist) {
        Map<String, RObject> m = new LinkedHashMap<>();
        if (pairlist.data instanceof List<?>) {
            for (int i = 0; i < pairlist.list().size(); i++) m.put(pairlist.tags().get(i), pairlist.list().get(i));
        }
        return m;
    }

    /** A pairlist (or a call, closure, promise): read iteratively along its CDR chain. */
    private RObject pairlist(int type, boolean hasAttr, boolean hasTag) throws IOException {
        List<RObject> values = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        Map<String, RObject> attrs = Map.of();
        boolean first = true;
        while (true) {
            Map<String, RObject> a = hasAttr ? attributes(item()) : Map.of();
            if (first) attrs = a;
            tags.add(hasTag ? String.valueOf(item().data) : null);
            values.add(item());
            first = false;
            int flags = in.readInt(); // the CDR: another cell of the same chain, or its end
            int t = flags & 0xFF;
            if (t == NILVALUE_SXP) break;
            if (t != LISTSXP || type != LISTSXP) { // a call's or closure's tail: kept as the last value
                values.add(item(flags));
                tags.add(null);
                break;
            }
            hasAttr = (flags & (1 << 9)) != 0;
            hasTag = (flags & (1 << 10)) != 0;
        }
        return new RObject(type, values, attrs, tags);
    }

    /** ALTREP objects: compact integer/real sequences and the wrapper classes; others are refused. */
    private RObject altrep() throws IOException {
        RObject info = item();
        RObject state = item();
        RObject attr = item();
        String cls = info.data instanceof List<?> ? String.valueOf(info.list().get(0).data) : "?";
        Map<String, RObject> attrs = attributes(attr);
        switch (cls) {
            case "compact_intseq", "compact_realseq" -> {
                double[] s = (double[]) state.data; // n, first, step
                int n = (int) s[0];
                if (cls.equals("compact_intseq")) {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) v[i] = (int) (s[1] + i * s[2]);
                    return new RObject(INTSXP, v, attrs, List.of());
                }
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = s[1] + i * s[2];
                return new RObject(REALSXP, v, attrs, List.of());
            }
            case "wrap_integer", "wrap_logical", "wrap_real", "wrap_string", "wrap_list", "wrap_complex", "wrap_raw" -> {
                RObject x = state.list().get(0);
                Map<String, RObject> merged = new LinkedHashMap<>(x.attributes());
                merged.putAll(attrs);
                return new RObject(x.type(), x.data(), merged, x.tags());
            }
            default -> throw new IOException("the R object uses the ALTREP class '" + cls + "', which this reader does not know");
        }
    }

    /** Reads exactly {@code n} bytes or fails with a clear end-of-file message. */
    static byte[] readN(InputStream in, int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new EOFException(what + ": expected " + n + " bytes, found " + b.length);
        return b;
    }
}

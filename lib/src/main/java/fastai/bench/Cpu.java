package fastai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What /proc/cpuinfo says about this CPU, and the single-precision peak derived from it:
 * cores x GHz x FLOPs per cycle per core, where FLOPs/cycle = 2 FMA units x SIMD lanes x 2
 * (AVX-512: 16 lanes, AVX2+FMA: 8 lanes); without FMA, one add and one multiply unit.
 */
public record Cpu(String model, int cores, double mhz, Set<String> flags) {
    public static Cpu read() {
        String model = "unknown";
        double mhz = Double.NaN;
        Set<String> flags = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int c = line.indexOf(':');
                if (c < 0) continue;
                String k = line.substring(0, c).trim(), v = line.substring(c + 1).trim();
                if (k.equals("model name") && model.equals("unknown")) model = v;
                else if (k.equals("cpu MHz") && Double.isNaN(mhz)) mhz = Double.parseDouble(v);
                else if (k.equals("flags") && flags.isEmpty()) flags.addAll(List.of(v.split("\\s+")));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave unknown
        }
        return new Cpu(model, Runtime.getRuntime().availableProcessors(), mhz, flags);
    }

    /** Single-precision FLOPs per cycle per core. */
    public int flopsPerCycle() {
        boolean fma = flags.contains("fma");
        if (flags.contains("avx512f") && fma) return 64;
        if (flags.contains("avx2") && fma) return 32;
        if (flags.contains("avx")) return 16;
        return 8;
    }

    public double peakGflops() {
        return cores * mhz / 1000.0 * flopsPerCycle();
    }

    public String peakFormula() {
        return String.format(Locale.ROOT, "%d cores x %.2f GHz x %d FLOP/cycle", cores, mhz / 1000.0, flopsPerCycle());
    }

    public String describe() {
        String simd = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : flags.contains("avx") ? "AVX" : "SSE";
        return String.format(Locale.ROOT, "CPU: %s, %d cores for this JVM, %s%s; fp32 peak = %s = %.0f GFLOPS "
                + "(FLOP/cycle = 2 FMA units x %d lanes x 2)", model, cores, simd, flags.contains("fma") ? "+FMA" : "",
                peakFormula(), peakGflops(), flopsPerCycle() / 4);
    }
}

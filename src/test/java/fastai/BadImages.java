package fastai;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Image files as they arrive from real downloads, made by the tests themselves: truncated JPEGs,
 * 16-bit and palette PNGs, CMYK JPEGs, embedded ICC profiles, GIFs, empty files, HTML pages.
 * Each writes {@code file} and returns it; pixel values are known so tests can check them.
 */
public final class BadImages {
    private BadImages() { }

    /** Random-noise colour JPEG (large enough that a cut lands inside the image data). */
    public static byte[] noiseJpeg(int width, int height, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) img.setRGB(x, y, rnd.nextInt(1 << 24));
        return encode(img, "jpg");
    }

    /** A solid-colour JPEG of (r, g, b). */
    public static byte[] solidJpeg(int width, int height, int r, int g, int b) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) img.setRGB(x, y, (r << 16) | (g << 8) | b);
        return encode(img, "jpg");
    }

    /** The first {@code fraction} of {@code bytes}, as an interrupted download leaves it. */
    public static byte[] cut(byte[] bytes, double fraction) {
        return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
    }

    /** Grey 16-bit PNG, {@code values[y][x]} in 0..65535. */
    public static Path gray16Png(Path file, int[][] values) {
        int h = values.length, w = values[0].length;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, values[y][x]);
        return write(file, encode(img, "png"));
    }

    /** Solid RGB 16-bit PNG of 16-bit (r, g, b). */
    public static Path rgb16Png(Path file, int size, int r, int g, int b) {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster ras = cm.createCompatibleWritableRaster(size, size);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) ras.setPixel(x, y, new int[] {r, g, b});
        return write(file, encode(new BufferedImage(cm, ras, false, null), "png"));
    }

    /** Palette PNG: left half palette entry 0 (200,100,50), right half entry 1 (10,20,30); entry 1 transparent-free. */
    public static Path palettePng(Path file, int size) {
        IndexColorModel icm = new IndexColorModel(2, 4, new byte[] {(byte) 200, 10, 0, 0}, new byte[] {100, 20, 0, 0},
                new byte[] {50, 30, 0, 0});
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY, icm);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) img.getRaster().setSample(x, y, 0, x < size / 2 ? 0 : 1);
        return write(file, encode(img, "png"));
    }

    /**
     * A CMYK JPEG as Photoshop writes it: an Adobe APP14 marker (transform 0, no YCCK) and
     * inverted ink values. Ink (c, m, y, k) in 0..255; a plain conversion gives
     * R = (255-c)(255-k)/255 and so on.
     */
    public static Path cmykJpeg(Path file, int size, int c, int m, int y, int k) {
        WritableRaster ras = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, size, size, 4, null);
        for (int j = 0; j < size; j++) for (int i = 0; i < size; i++) ras.setPixel(i, j, new int[] {255 - c, 255 - m, 255 - y, 255 - k});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream os = ImageIO.createImageOutputStream(out)) {
            w.setOutput(os);
            w.write(null, new IIOImage(ras, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            w.dispose();
        }
        byte[] jpg = out.toByteArray();
        byte[] adobe = segment(0xEE, concat("Adobe".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 100, 0, 0, 0, 0, 0}));
        return write(file, concat(Arrays.copyOf(jpg, 2), adobe, Arrays.copyOfRange(jpg, 2, jpg.length)));
    }

    /** A linear-RGB ICC profile: a colour-managed decoder would change every mid-tone. */
    public static byte[] linearRgbProfile() {
        return ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
    }

    /** {@code png} with an iCCP chunk (after IHDR) holding {@code profile}. */
    public static byte[] withIccPng(byte[] png, byte[] profile) {
        Deflater d = new Deflater();
        d.setInput(profile);
        d.finish();
        byte[] buf = new byte[profile.length + 1024];
        int n = d.deflate(buf);
        d.end();
        byte[] data = concat("icc\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {0}, Arrays.copyOf(buf, n));
        int ihdrEnd = 8 + 25;
        return concat(Arrays.copyOf(png, ihdrEnd), chunk("iCCP", data), Arrays.copyOfRange(png, ihdrEnd, png.length));
    }

    /** {@code jpg} with an APP2 ICC_PROFILE segment right after SOI. */
    public static byte[] withIccJpeg(byte[] jpg, byte[] profile) {
        byte[] body = concat("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {1, 1}, profile);
        return concat(Arrays.copyOf(jpg, 2), segment(0xE2, body), Arrays.copyOfRange(jpg, 2, jpg.length));
    }

    /** A two-colour GIF: left half (200,100,50), right half (10,20,30). */
    public static byte[] gif(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) img.setRGB(x, y, x < size / 2 ? 0xC86432 : 0x0A141E);
        return encode(img, "gif");
    }

    /** What a download gets when a site answers with its login page. */
    public static final String HTML = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please log in</body></html>\n";

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) throw new IOException("no " + format + " writer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] segment(int marker, byte[] body) {
        int len = body.length + 2;
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (len >> 8), (byte) len}, body);
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        return concat(ByteBuffer.allocate(4).putInt(data.length).array(), t, data,
                ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}

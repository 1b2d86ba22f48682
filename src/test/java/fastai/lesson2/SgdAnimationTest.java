package fastai.lesson2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SgdAnimationTest {
    static SgdAnimation anim;
    static LinearSgd sgd;

    @BeforeAll static void record() {
        sgd = LinearSgd.courseSetup(42);
        anim = SgdAnimation.record(sgd, 40, 10);
    }

    @Test void runsTheCoursesFortyFramesOfTenUpdates() {
        assertEquals(40, anim.frameCount());
        assertEquals(400, sgd.stepCount());
        List<SgdAnimation.Frame> f = anim.frames();
        assertEquals(10, f.get(0).step());
        assertEquals(400, f.get(39).step());
        assertEquals(sgd.a(), f.get(39).a(), 0);
        for (int i = 1; i < f.size(); i++) assertTrue(f.get(i).loss() < f.get(i - 1).loss());
    }

    @Test void gifHasFortyFramesOfTheRightSizeAndLoopsForever(@TempDir Path dir) throws IOException {
        Path file = anim.writeGif(dir.resolve("sgd.gif"));
        assertEquals(dir.resolve("sgd.gif").toAbsolutePath(), file);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file.getFileName().toString()), s.map(p -> p.getFileName().toString()).toList(), "temporary file left behind");
        }
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(anim.gifBytes(), bytes);
        assertEquals("GIF89a", new String(bytes, 0, 6, java.nio.charset.StandardCharsets.US_ASCII));

        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            assertEquals(40, reader.getNumImages(true));
            IIOMetadataNode screen = node((IIOMetadataNode) reader.getStreamMetadata().getAsTree("javax_imageio_gif_stream_1.0"),
                    "LogicalScreenDescriptor");
            assertEquals("480", screen.getAttribute("logicalScreenWidth"));
            assertEquals("320", screen.getAttribute("logicalScreenHeight"));

            BufferedImage canvas = new BufferedImage(480, 320, BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < 40; i++) {
                IIOMetadata meta = reader.getImageMetadata(i);
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode gce = node(root, "GraphicControlExtension");
                assertEquals(i == 39 ? "150" : "10", gce.getAttribute("delayTime"), "delay of frame " + i);
                if (i == 0) {
                    IIOMetadataNode app = node(node(root, "ApplicationExtensions"), "ApplicationExtension");
                    assertEquals("NETSCAPE", app.getAttribute("applicationID"));
                    byte[] loop = (byte[]) app.getUserObject();
                    assertEquals(0, (loop[1] & 255) | ((loop[2] & 255) << 8), "loop count 0 = forever");
                }
                // lay the frame over the previous ones, as a viewer does, and compare with the drawn frame
                IIOMetadataNode desc = node(root, "ImageDescriptor");
                int left = Integer.parseInt(desc.getAttribute("imageLeftPosition"));
                int top = Integer.parseInt(desc.getAttribute("imageTopPosition"));
                BufferedImage part = reader.read(i);
                for (int y = 0; y < part.getHeight(); y++) {
                    for (int x = 0; x < part.getWidth(); x++) {
                        int argb = part.getRGB(x, y);
                        if ((argb >>> 24) != 0) canvas.setRGB(left + x, top + y, argb);
                    }
                }
                BufferedImage want = anim.images().get(i);
                for (int y = 0; y < 320; y += 1) {
                    for (int x = 0; x < 480; x += 1) {
                        if ((canvas.getRGB(x, y) & 0xFFFFFF) != (want.getRGB(x, y) & 0xFFFFFF)) {
                            throw new AssertionError("frame " + i + " differs at " + x + "," + y);
                        }
                    }
                }
            }
        } finally {
            reader.dispose();
        }
    }

    @Test void showsItselfAsGifAndHtml() {
        Map<String, String> b = anim.mimeBundle();
        String gif = b.get("image/gif");
        assertArrayEquals(anim.gifBytes(), Base64.getDecoder().decode(gif));
        assertTrue(b.get("text/html").startsWith("<img src=\"data:image/gif;base64," + gif.substring(0, 40)));
        assertTrue(b.get("text/plain").contains("40 frames, 400 updates"));
    }

    @Test void badInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SgdAnimation.record(LinearSgd.courseSetup(1), 0, 10));
        assertEquals("frameCount = 0 must be at least 1", e.getMessage());
    }

    private static IIOMetadataNode node(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equals(name)) return (IIOMetadataNode) root.item(i);
        }
        throw new AssertionError("no " + name + " in the GIF metadata");
    }
}

package io.bodega.catalog.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import io.bodega.catalog.media.MediaStorage;
import io.bodega.shared.Hashes;

/**
 * The demo shop's pictures, drawn in code (nothing is downloaded): one per kind and
 * colour, a gradient, a shape for the department, stripes for the kind.
 */
final class DemoImages {

	static final int SIZE = 240;

	private DemoImages() {
	}

	/**
	 * Draws and stores every picture; answers each one's content hash by
	 * {@code kind-slug/colour}.
	 */
	static Map<String, String> drawAll(MediaStorage media) {
		Map<String, String> images = new LinkedHashMap<>();
		int departmentIndex = 0;
		for (DemoProducts.Department department : DemoProducts.DEPARTMENTS) {
			for (DemoProducts.Kind kind : department.kinds()) {
				for (Map.Entry<String, Color> colour : DemoProducts.COLOURS.entrySet()) {
					byte[] png = draw(departmentIndex, kind.name(), colour.getValue());
					String hash = Hashes.sha256Hex(png);
					media.put(hash, "png", "image/png", png);
					images.put(kind.slug() + "/" + colour.getKey(), hash);
				}
			}
			departmentIndex++;
		}
		return images;
	}

	private static byte[] draw(int shape, String label, Color colour) {
		int size = SIZE;
		BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setPaint(new GradientPaint(0, 0, colour.brighter(), size, size, colour.darker()));
			g.fillRect(0, 0, size, size);
			g.setColor(new Color(255, 255, 255, 200));
			g.setStroke(new BasicStroke(6));
			int m = size / 5;
			switch (shape) {
				case 0 -> g.drawOval(m, m, size - 2 * m, size - 2 * m);
				case 1 -> g.drawRoundRect(m, m, size - 2 * m, size - 2 * m, 30, 30);
				case 2 -> g.drawPolygon(new int[] { size / 2, size - m, m }, new int[] { m, size - m, size - m }, 3);
				case 3 -> g.drawLine(m, size - m, size - m, m);
				default -> g.drawRect(m, m, size - 2 * m, size - 2 * m);
			}
			// No text: fonts may be missing on a server, and shapes need none. Stripes
			// tell kinds apart.
			int stripes = 1 + Math.floorMod(label.hashCode(), 4);
			for (int s = 0; s < stripes; s++) {
				g.fillRect(m + s * 18, size - m / 2 - 8, 10, 8);
			}
		}
		finally {
			g.dispose();
		}
		try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}

package io.bodega.catalog;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.imageio.ImageIO;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ImageTests extends ApiTest {

	private String admin;

	private String productId;

	@BeforeEach
	void product() {
		admin = adminToken();
		productId = createProduct(admin, productBody("Pictured " + uniqueWord(), List.of(), 100, uniqueSku()))
			.path("id")
			.asString();
	}

	@Test
	void uploadsPngAndJpegRecognisedByTheirBytesAndServesThemForAYear() throws IOException {
		for (String format : List.of("png", "jpg")) {
			byte[] picture = picture(format, 32, 16);
			Http.Response answer = upload(picture, "application/octet-stream", "photo.bin");

			assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
			JsonNode image = answer.json().path("images").get(answer.json().path("images").size() - 1);
			assertThat(image.path("url").asString()).matches("/media/[0-9a-f]{64}\\." + format);
			assertThat(image.path("width").asInt()).isEqualTo(32);
			assertThat(image.path("height").asInt()).isEqualTo(16);

			Http.Response served = http().get(image.path("url").asString()).send();
			assertThat(served.status()).isEqualTo(200);
			assertThat(served.raw()).isEqualTo(picture);
			assertThat(served.header("Content-Type")).hasValue(format.equals("png") ? "image/png" : "image/jpeg");
			assertThat(served.header("Cache-Control").orElseThrow()).contains("max-age=31536000").contains("immutable");
		}
		JsonNode shown = http().get("/api/v1/products/" + productId).send().json();
		assertThat(shown.path("images").size()).isEqualTo(2);
	}

	@Test
	void acceptsWebp() {
		byte[] webp = new byte[64];
		System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, webp, 0, 4);
		System.arraycopy("WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 0, webp, 8, 8);

		Http.Response answer = upload(webp, "image/webp", "a.webp");

		assertThat(answer.status()).isEqualTo(201);
		assertThat(answer.json().path("images").get(0).path("url").asString()).endsWith(".webp");
	}

	@Test
	void refusesAnythingThatIsNotAnImageWith415WhateverItClaims() {
		for (byte[] bytes : List.of("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8),
				"GIF89a....".getBytes(StandardCharsets.US_ASCII), new byte[] { (byte) 0xFF, (byte) 0xD8 },
				new byte[0])) {
			Http.Response answer = upload(bytes, "image/png", "fake.png");
			assertThat(answer.status()).isEqualTo(415);
			assertThat(answer.code()).isEqualTo("unsupported_media_type");
		}
		assertThat(http().get("/api/v1/admin/products/" + productId).bearer(admin).send().json().path("images").size())
			.isZero();
	}

	@Test
	void refusesImagesOverFiveMebibytesWith413() throws IOException {
		byte[] big = new byte[5 * 1024 * 1024 + 1];
		byte[] png = picture("png", 2, 2);
		System.arraycopy(png, 0, big, 0, png.length);

		Http.Response answer = upload(big, "image/png", "big.png");

		assertThat(answer.status()).isEqualTo(413);
		assertThat(answer.code()).isEqualTo("payload_too_large");
	}

	@Test
	void removesAnImageAndNamesAMissingFile() throws IOException {
		JsonNode product = upload(picture("png", 4, 4), "image/png", "a.png").json();
		String imageId = product.path("images").get(0).path("id").asString();

		Http.Response removed = http().delete("/api/v1/admin/products/" + productId + "/images/" + imageId)
			.bearer(admin)
			.send();
		assertThat(removed.status()).isEqualTo(200);
		assertThat(removed.json().path("images").size()).isZero();
		assertThat(http().delete("/api/v1/admin/products/" + productId + "/images/" + imageId)
			.bearer(admin)
			.send()
			.status()).isEqualTo(404);

		Http.Response noFile = http().post("/api/v1/admin/products/" + productId + "/images")
			.bearer(admin)
			.body("multipart/form-data; boundary=xyz", "--xyz--\r\n".getBytes(StandardCharsets.US_ASCII))
			.send();
		assertThat(noFile.status()).isEqualTo(400);
		Http.Response json = http().post("/api/v1/admin/products/" + productId + "/images")
			.bearer(admin)
			.json("{}")
			.send();
		assertThat(json.status()).isEqualTo(415);
		assertThat(http().get("/media/" + "0".repeat(64) + ".png").send().status()).isEqualTo(404);
	}

	private Http.Response upload(byte[] bytes, String contentType, String filename) {
		String boundary = "bodega-test-boundary";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
				+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(bytes);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return http().post("/api/v1/admin/products/" + productId + "/images")
			.bearer(admin)
			.body("multipart/form-data; boundary=" + boundary, body.toByteArray())
			.send();
	}

	static byte[] picture(String format, int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		image.setRGB(0, 0, 0xFF0000);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, format.equals("jpg") ? "jpeg" : format, out);
		return out.toByteArray();
	}

}

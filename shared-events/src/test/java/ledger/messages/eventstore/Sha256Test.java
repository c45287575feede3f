package ledger.messages.eventstore;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.assertj.core.api.Assertions.assertThat;

/** The vectors are FIPS 180-2's and {@code printf '流程' | sha256sum}'s. */
class Sha256Test {

    @Test
    void hashesTheUtf8BytesOfATextInLowerCaseHex() {
        assertThat(Sha256.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Sha256.hex("流程")).isEqualTo("bdd207e8c6e3ae50ced55f6f0bb3be09b90990168e0c2348a3b6666ab8f0a6c5");
    }

    @Test
    void aFedDigestGivesTheHashOfEverythingFedAndStartsAfresh() {
        MessageDigest digest = Sha256.newDigest();
        digest.update("a".getBytes(StandardCharsets.UTF_8));
        digest.update("bc".getBytes(StandardCharsets.UTF_8));
        assertThat(Sha256.hex(digest)).isEqualTo(Sha256.hex("abc"));
        assertThat(Sha256.hex(digest)).isEqualTo(Sha256.hex(""));
    }
}

package ledger.messages.eventstore;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger digest's line format, as docs/AUDIT.md states it for anyone recomputing it with
 * {@code sha256sum}. The expected values are
 * {@code printf 'PLAN-2016-1-01 2 aaa…\nPLAN-2016-1-02 0 bbb…\n' | sha256sum}.
 */
class LedgerDigestTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void anAggregatesLineIsItsIdItsLastSequenceAndItsChainHash() {
        assertThat(LedgerDigest.line("PLAN-2016-1-01", 2, A)).isEqualTo("PLAN-2016-1-01 2 " + A + "\n");
    }

    @Test
    void theDigestIsSha256OverTheHeadsLines() {
        LedgerDigest digest = new LedgerDigest();
        digest.addHead("PLAN-2016-1-01", 2, A);
        assertThat(digest.value()).isEqualTo("451e1149e9e714dfdd17d36656eab7624dd5d37c32dd01b9daec671ce8626842");
        assertThat(digest.value()).as("reading the value does not end the digest")
                                  .isEqualTo("451e1149e9e714dfdd17d36656eab7624dd5d37c32dd01b9daec671ce8626842");
        digest.addHead("PLAN-2016-1-02", 0, B);
        assertThat(digest.value()).isEqualTo("4521da552919d4901f1d01ba0a846069478852f2d84d37cbf3b06873bb11a256");
    }

    @Test
    void noHeadsGiveTheHashOfNothing() {
        assertThat(new LedgerDigest().value()).isEqualTo(Sha256.hex(""));
    }
}

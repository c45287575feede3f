package ledger.query.bulletin.api;

import ledger.query.commons.InvalidQueryException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentRequestTest {

    private final Clock clock = Clock.fixed(Instant.parse("2016-11-15T02:00:00Z"), ZoneId.of("Asia/Shanghai"));

    @Test
    void aDateIsTheEndOfThatDayWhereThePlansAreAndTodayIsNow() {
        assertThat(DocumentRequest.asOf("2016-11-01", clock)).isEqualTo(Instant.parse("2016-11-01T15:59:59.999999Z"));
        assertThat(DocumentRequest.asOf("2016-11-15", clock)).isEqualTo(clock.instant());
        assertThat(DocumentRequest.asOf(null, clock)).isEqualTo(clock.instant());
        assertThat(DocumentRequest.asOf("2016-11-01T00:00:00+08:00", clock))
                .isEqualTo(Instant.parse("2016-10-31T16:00:00Z"));
    }

    @Test
    void badInstantsAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> DocumentRequest.asOf("yesterday", clock)).isInstanceOf(InvalidQueryException.class)
                                                                          .hasMessageStartingWith("asOf:");
        assertThatThrownBy(() -> DocumentRequest.asOf("2016-12-01T00:00:00Z", clock))
                .hasMessageContaining("future");
        assertThatThrownBy(() -> DocumentRequest.since("2016-11-02", Instant.parse("2016-11-01T00:00:00Z"), clock))
                .hasMessageStartingWith("since:");
        assertThatThrownBy(() -> DocumentRequest.position("0")).hasMessageStartingWith("position:");
    }

    @Test
    void theFormatIsTheCallersMostPreferredOneThatTheDocumentComesIn() {
        List<String> offered = PlanDocumentsController.BULLETIN_TYPES;
        assertThat(Negotiation.choose(null, offered)).isEqualTo("application/json");
        assertThat(Negotiation.choose("*/*", offered)).isEqualTo("application/json");
        assertThat(Negotiation.choose("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", offered)).isEqualTo("text/html");
        assertThat(Negotiation.choose("application/json;q=0.5, " + PlanDocumentsController.DOCX, offered))
                .isEqualTo(PlanDocumentsController.DOCX);
        assertThatThrownBy(() -> Negotiation.choose("application/pdf", offered))
                .isInstanceOf(Negotiation.NotAcceptableException.class);
        assertThatThrownBy(() -> Negotiation.choose("text/html;q=0", offered))
                .isInstanceOf(Negotiation.NotAcceptableException.class);
    }
}

package ledger.support.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** A request is told which service serves it, and where that service is reached. */
class LedgerServiceTest {

    @Test
    void aPathOfTheOtherServiceIsNamedWithItsMethod() {
        assertThat(LedgerService.COMMAND.otherServing("GET", "/api/v1/measures/gd-2016-18/history"))
                .contains(LedgerService.QUERY);
        assertThat(LedgerService.QUERY.otherServing("POST", "/api/v1/measures/gd-2016-18/progress"))
                .contains(LedgerService.COMMAND);
        assertThat(LedgerService.QUERY.otherServing("GET", "/api/v1/measures")).isEmpty();
        assertThat(LedgerService.COMMAND.otherServing("GET", "/api/v1/nothing")).isEmpty();
    }

    @Test
    void theOtherServiceIsReachedAtItsConfiguredUrlElseItsPort() {
        assertThat(LedgerService.QUERY.whereToSend(new MockEnvironment())).isEqualTo("port 8081 of the same host");
        assertThat(LedgerService.QUERY.whereToSend(new MockEnvironment().withProperty("LEDGER_QUERY_PORT", "18181")))
                .isEqualTo("port 18181 of the same host");
        assertThat(LedgerService.COMMAND.whereToSend(new MockEnvironment()
                .withProperty("ledger.services.command-url", "https://ledger.example/commands")))
                .isEqualTo("https://ledger.example/commands");
    }
}

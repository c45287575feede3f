package ledger.messages.measure;

import java.time.LocalDate;

/** One step of an implementation plan's reverse timetable (倒排时间进度表). */
public record Milestone(String title, LocalDate dueDate) {
}

"""Reading submissions: notebooks, answer cells by grade_id, and what was tampered with."""

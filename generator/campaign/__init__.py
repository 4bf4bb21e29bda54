"""Campaign batches: personalised letters for many schools, print files, resumable runs."""

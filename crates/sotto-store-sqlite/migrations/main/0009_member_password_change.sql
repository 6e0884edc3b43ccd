-- A member whose password someone else chose (on adding them, or before this column existed)
-- must change it at their next sign-in: 1 until they do.
ALTER TABLE members ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 1;

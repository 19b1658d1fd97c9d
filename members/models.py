"""Members, savings (simpanan), loans (pinjaman) and SHU — see the members issue."""

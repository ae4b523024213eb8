from lokalspil.cli import main

main()
